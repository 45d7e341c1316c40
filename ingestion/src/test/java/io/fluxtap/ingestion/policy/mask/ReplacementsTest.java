package io.fluxtap.ingestion.policy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ingestion.policy.mask.Replacements.PanMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ReplacementsTest {

    static final String KEY = "0123456789abcdef-test-key";

    private final Replacements truncate = new Replacements(PanMode.TRUNCATE, Optional.empty());
    private final Replacements token = new Replacements(PanMode.TOKEN,
            Optional.of(new TokenKey(KEY.getBytes(StandardCharsets.UTF_8), "test")));

    static String hmac(String digits) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "tok_" + HexFormat.of().formatHex(mac.doFinal(digits.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    static String hmacUnchecked(String text) {
        try {
            return hmac(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void truncateKeepsFirstSixAndLastFourAndTheSeparators() {
        MaskCounts counts = new MaskCounts();
        assertEquals("card 411111******1111 ok", truncate.maskPans("card 4111111111111111 ok", counts, "pan"));
        assertEquals("4111 11** **** 1111", truncate.maskPans("4111 1111 1111 1111", counts, "pan"));
        assertEquals("3782-82****-*0005", truncate.maskPans("3782-822463-10005", counts, "pan"));
        assertEquals("411111*********1110", truncate.maskPans("4111111111111111110", counts, "pan"));
        assertEquals(4, counts.get("pan"));
    }

    @Test
    void tokenIsTheHmacOfTheDigitsOnly() throws Exception {
        MaskCounts counts = new MaskCounts();
        String expected = hmac("4111111111111111");
        assertEquals("paid " + expected, token.maskPans("paid 4111111111111111", counts, "pan"));
        assertEquals("paid " + expected, token.maskPans("paid 4111 1111 1111 1111", counts, "pan"));
        assertEquals("paid " + expected, token.maskPans("paid 4111-1111-1111-1111", counts, "pan"));
        assertEquals(expected, token.token("4111 1111 1111 1111"));
        assertNotEquals(expected, token.token("5555555555554444"));
        assertEquals(hmac("alice@example.com"), token.token("alice@example.com"));
        assertTrue(expected.matches("tok_[0-9a-f]{16}"));
    }

    @Test
    void cleanTextIsTheSameInstance() {
        String text = "GET /items/42 took 17 ms, trace 4bf92f3577b34da6a3ce929d0e0e4736, at 1733149351123";
        MaskCounts counts = new MaskCounts();
        assertSame(text, truncate.maskPans(text, counts, "pan"));
        assertTrue(counts.isEmpty());
    }

    @Test
    void integersThatArePans() {
        assertEquals("411111******1111", truncate.maskPanNumber(4111111111111111L));
        assertNull(truncate.maskPanNumber(4111111111111112L));
        assertNull(truncate.maskPanNumber(42));
    }

    @Test
    void truncateOfOtherValues() {
        assertEquals("alice@*******.com", Replacements.truncate("alice@example.com"));
        assertEquals("**********", Replacements.truncate("0123456789"));
        assertEquals("411111******1111", Replacements.truncate("4111111111111111"));
    }

    @Test
    void aTokenNeedsAKeyOfSixteenBytes() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> new TokenKey("short".getBytes(StandardCharsets.UTF_8), MaskSettings.TOKEN_KEY));
        assertTrue(shortKey.getMessage().contains("fluxtap.mask.token-key"), shortKey.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new Replacements(PanMode.TOKEN, Optional.empty()));
        assertTrue(none.getMessage().contains("fluxtap.mask.token-key"), none.getMessage());
    }
}
