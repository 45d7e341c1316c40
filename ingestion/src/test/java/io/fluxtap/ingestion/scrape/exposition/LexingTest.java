package io.fluxtap.ingestion.scrape.exposition;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LexingTest {

    private static Double parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Lexing.parseFloat(bytes, 0, bytes.length);
    }

    /** The decimal fast path must give exactly the double Double.parseDouble gives, bit for bit. */
    @Test
    void decimalsWithoutAnExponentParseToTheNearestDoubleAsParseDoubleDoes() {
        SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 200_000; n++) {
            int intDigits = random.nextInt(0, 17);
            int fracDigits = random.nextInt(intDigits == 0 ? 1 : 0, 24);
            StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
            for (int i = 0; i < intDigits; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            text.append('.');
            for (int i = 0; i < fracDigits; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            String decimal = text.toString();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(decimal)),
                    Double.doubleToRawLongBits(parse(decimal)), decimal);
        }
    }

    @Test
    void edgeCasesOfTheFastPath() {
        for (String text : List.of("0.1", "-0.0", "0.0", "5.", ".5", "1.7976931348623157", "9007199254740991.5",
                "0.0000000000000000000001", "0.00000000000000000000001", "123456789012345.6", "4.35", "0.3",
                "2.675", "1e3", "1.5E-7", "+12.25", "000000000000000000001.25")) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(parse(text)),
                    text);
        }
        assertNull(parse("."));
        assertNull(parse("1.2.3"));
        assertNull(parse("-"));
        assertNull(parse("0x1p3"));
    }
}
