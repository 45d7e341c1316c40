package io.fluxtap.ingestion.policy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PanScannerTest {

    /** The networks' published test numbers, and a 19-digit Visa that passes Luhn (checked by hand). */
    static final List<String> TEST_PANS = List.of("4111111111111111", "4012888888881881", "5555555555554444",
            "2223003122003222", "378282246310005", "6011111111111117", "3530111333300000", "30569309025904",
            "6200000000000005", "4111111111111111110");

    static List<String> found(String text) {
        List<String> out = new ArrayList<>();
        for (long m = PanScanner.find(text, 0); m >= 0; m = PanScanner.find(text, PanScanner.end(m))) {
            out.add(text.substring(PanScanner.start(m), PanScanner.end(m)));
        }
        return out;
    }

    @Test
    void everyPublishedTestPanIsFoundAloneAndInText() {
        for (String pan : TEST_PANS) {
            assertEquals(List.of(pan), found(pan), pan);
            assertEquals(List.of(pan), found("charged card " + pan + ", approved"), pan);
            assertEquals(List.of(pan), found("pan=" + pan), pan);
            assertEquals(List.of(pan), found("pan=-" + pan), pan);
            assertEquals(List.of(pan), found("card-" + pan), pan);
            assertEquals(List.of(pan), found("{\"pan\":\"" + pan + "\"}"), pan);
            assertTrue(PanScanner.isPan(pan), pan);
        }
    }

    @Test
    void groupsSeparatedBySpacesOrDashesAreOnePan() {
        assertEquals(List.of("4111 1111 1111 1111"), found("card 4111 1111 1111 1111 ok"));
        assertEquals(List.of("4111-1111-1111-1111"), found("card 4111-1111-1111-1111."));
        assertEquals(List.of("3782 822463 10005"), found("amex 3782 822463 10005"));
        assertEquals(List.of("5555-5555 5555-4444"), found("5555-5555 5555-4444"));
        assertEquals(List.of("4111111111111111"), found("retry 2 4111111111111111 at 12:30"));
    }

    @Test
    void severalPansInOneText() {
        assertEquals(List.of("4111111111111111", "5555 5555 5555 4444"),
                found("a 4111111111111111 b 5555 5555 5555 4444 c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111112",                       // Luhn fails
        "41111111111111111",                      // 17 digits, Luhn fails
        "94111111111111111",                      // the PAN inside a longer run of digits
        "41111111111111110000",                   // 20 digits
        "411111111111",                           // 12 digits
        "1733149351123",                          // epoch milliseconds (Luhn passes, starts with 1)
        "1733149351123456789",                    // epoch nanoseconds
        "2026-12-02 14:22:31.123456789",          // a timestamp
        "2026-12-02T14:22:31Z 20261202142231",    // a compact timestamp of 14 digits
        "192.168.100.200 10.0.0.1",               // addresses
        "123e4567-e89b-12d3-a456-426614174000",   // a UUID
        "12345678-1234-5678-1234-567812345678",   // a UUID of digits only: one token of 32 digits
        "x4111111111111111",                      // part of a word
        "4111111111111111abc",
        "id_4111111111111111",
        "blk_-4111111111111111",                  // an HDFS block id (a negative id after the underscore)
        "Deleting block blk_-5555555555554444 file /data/current",
        "4bf92f3577b34da6a3ce929d0e0e4736",       // a trace id
        "0.4111111111111111",                     // a decimal number
        "4111111111111111.5",
        "4111  1111  1111  1111",                 // double spaces are not a separator
        "4111--1111--1111--1111",
        "no digits at all here, just words and more words"
    })
    void notAPan(String text) {
        assertEquals(List.of(), found(text), text);
    }

    @Test
    void aLongerDashedRunIsNotCut() {
        // one token of 20 digits: no 16-digit part of it is taken
        assertEquals(List.of(), found("4111-1111-1111-1111-0000"));
        assertFalse(PanScanner.isPan("4111 1111 1111 1111 x"));
    }

    @Test
    void quickTestCountsDigits() {
        assertFalse(PanScanner.mayContain("a 123456789012 b"));
        assertTrue(PanScanner.mayContain("1 2 3 4 5 6 7 8 9 0 1 2 3"));
    }

    @Test
    void luhnOverSeparators() {
        assertTrue(PanScanner.luhn("4111-1111 1111-1111", 0, 19));
        assertFalse(PanScanner.luhn("4111-1111 1111-1112", 0, 19));
    }

    @Test
    void aLongTextWithoutPansIsScannedInOnePass() {
        String text = "GET /api/v1/items/12345 200 in 17 ms from 10.0.0.12 ".repeat(20_000);
        long start = System.nanoTime();
        assertEquals(-1, PanScanner.find(text, 0));
        // a linear scan of 1 MB: far below a second even on a loaded machine; backtracking would take minutes
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }
}
