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
    void formatsInTheLargestExactUnitAndReadsBackTheSame() {
        for (String text : new String[] {"500ms", "90s", "10m", "2h", "7d", "0ms"}) {
            Duration duration = text.equals("0ms") ? Duration.ZERO : DurationText.parse("k", text);
            assertEquals(text, DurationText.format(duration));
        }
    }
}
