package io.fluxtap.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationTextTest {

    @Test
    void durationsAreReadAsConfigured() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("k", "500ms"));
        assertEquals(Duration.ofMinutes(1), DurationText.parse("k", "1m"));
        assertEquals(Duration.ofDays(365), DurationText.parse("k", "365d"));
        assertEquals(Duration.ofSeconds(30), DurationText.parse("k", " 30 S "));
        assertEquals(Duration.ofSeconds(30), DurationText.parse("k", "PT30S"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse("fluxtap.x", "7 days"));
        assertTrue(e.getMessage().startsWith("fluxtap.x must be a positive duration"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", "0s"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", "PT-5S"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", "P1X"));
    }

    @Test
    void unitsCombineFromTheLargestDown() {
        assertEquals(Duration.ofMinutes(90), DurationText.parse("k", "1h30m"));
        assertEquals(Duration.ofSeconds(150), DurationText.parse("k", "2m30s"));
        assertEquals(Duration.ofHours(36), DurationText.parse("k", "1d12h"));
        assertEquals(Duration.ofMillis(1_500), DurationText.parse("k", "1s500ms"));
        assertEquals(Duration.ofMinutes(90), DurationText.parse("k", "1h 30m"));
        assertEquals(Duration.ofMinutes(90).plusSeconds(15), DurationText.parse("k", "1H30M15S"));
        // Out of order or repeated units are no duration Prometheus would read either.
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", "30m1h"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", "1m1m"));
    }

    @Test
    void aNumberWithoutUnitOrTooLargeIsRefusedNamingTheKey() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> DurationText.parse("fluxtap.x", "30"));
        assertEquals("fluxtap.x must be a positive duration such as 500ms, 30s, 2m, 1h30m, 7d or PT30S, was '30'",
                plain.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> DurationText.parse("fluxtap.x", "99999999999999999999d"));
        assertTrue(huge.getMessage().startsWith("fluxtap.x must be a positive duration"), huge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", "9223372036854775807d"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("k", ""));
    }

    @Test
    void formatsInTheLargestExactUnitAndReadsBackTheSame() {
        for (String text : new String[] {"500ms", "90s", "10m", "2h", "7d", "0ms"}) {
            Duration duration = text.equals("0ms") ? Duration.ZERO : DurationText.parse("k", text);
            assertEquals(text, DurationText.format(duration));
        }
    }
}
