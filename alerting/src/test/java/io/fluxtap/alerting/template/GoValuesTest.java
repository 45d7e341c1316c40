package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's printing of times, durations and numbers, as Go's time and fmt packages print them. */
class GoValuesTest {

    @Test
    void timesPrintAsGoTimeString() {
        assertEquals("2024-03-01 11:00:00 +0000 UTC", GoTime.utc(Instant.parse("2024-03-01T11:00:00Z")).toString());
        assertEquals("2024-03-01 11:00:00.000000001 +0000 UTC",
                GoTime.utc(Instant.parse("2024-03-01T11:00:00.000000001Z")).toString());
        assertEquals("2024-03-01 11:00:00.5 +0000 UTC", GoTime.utc(Instant.parse("2024-03-01T11:00:00.500Z")).toString());
        assertEquals("0001-01-01 00:00:00 +0000 UTC", GoTime.ZERO.toString());
        assertEquals("2024-07-01 13:00:00 +0200 CEST",
                new GoTime(Instant.parse("2024-07-01T11:00:00Z"), ZoneId.of("Europe/Berlin")).toString());
        assertEquals("2024-07-01 16:30:00 +0530 IST",
                new GoTime(Instant.parse("2024-07-01T11:00:00Z"), ZoneId.of("Asia/Kolkata")).toString());
    }

    @Test
    void goLayouts() {
        GoTime t = GoTime.utc(Instant.parse("2006-01-02T15:04:05.123456789Z"));
        assertEquals("2006-01-02T15:04:05Z", t.format("2006-01-02T15:04:05Z07:00"));
        assertEquals("Mon Jan  2 15:04:05 UTC 2006", t.format("Mon Jan _2 15:04:05 MST 2006"));
        assertEquals("Monday January 2 3:4:5 PM pm 06 002", t.format("Monday January 2 3:4:5 PM pm 06 002"));
        assertEquals("15:04:05.123 .123456789 ,123456", t.format("15:04:05.000 .999999999 ,000000"));
        assertEquals("+0000 +00:00 Z", t.format("-0700 -07:00 Z0700"));
        GoTime noon = GoTime.utc(Instant.parse("2024-03-01T12:00:00Z"));
        assertEquals("12:00:00 PM", noon.format("03:04:05 PM"));
        assertEquals("12:00:00", noon.format("15:04:05.999"));
    }

    @Test
    void durationsPrintAsGoDurationString() {
        assertEquals("0s", new GoDuration(0).toString());
        assertEquals("1ns", new GoDuration(1).toString());
        assertEquals("1.5µs", new GoDuration(1500).toString());
        assertEquals("1.5ms", new GoDuration(1_500_000).toString());
        assertEquals("1s", new GoDuration(1_000_000_000L).toString());
        assertEquals("1m30s", new GoDuration(90_000_000_000L).toString());
        assertEquals("1h0m0s", new GoDuration(3_600_000_000_000L).toString());
        assertEquals("-2h3m4.5s", new GoDuration(-(2 * 3600 + 3 * 60 + 4) * 1_000_000_000L - 500_000_000L).toString());
        assertEquals("2562047h47m16.854775807s", new GoDuration(Long.MAX_VALUE).toString());
    }

    private static String f(String format, Object... args) {
        return GoFmt.sprintf(format, java.util.Arrays.asList(args));
    }

    @Test
    void fmtVerbsFlagsWidthsAndPrecisions() {
        assertEquals("  3.1|3.142|3.141590e+00|3.14159|   42|42   |00042|+42| 42", f("%5.1f|%.3f|%e|%v|%5d|%-5d|%05d|%+d|% d", 3.14159, 3.14159, 3.14159, 3.14159, 42L, 42L, 42L, 42L, 42L));
        assertEquals("-0042.50|+1.50e+02|0x2a|052|101010|*|U+002A|'*'", f("%08.2f|%+.2e|%#x|%#o|%b|%c|%U|%q", -42.5, 150.0, 42L, 42L, 42L, 42L, 42L, 42L));
        assertEquals("6869|\"a\\nb\"|`ab`|ab|  abc|ab", f("%x|%q|%#q|%.2s|%5s|%.2v", "hi", "a\nb", "ab", "abc", "abc", "abc"));
        assertEquals("%!d(float64=1.5)|%!f(int=1)|%!t(string=x)|%!s(<nil>)|<nil>", f("%d|%f|%t|%s|%v", 1.5, 1L, "x", null, null));
        assertEquals("1|%!z(int=1)|%!(NOVERB)", f("%d|%z|%", 1L, 1L));
        assertEquals("  1.0|1", f("%*.*f|%d", 5L, 1L, 1.0, 1L));
        assertEquals("1e+21 1e+20 100000 1e-05 0.0001 2.5e-308 1.7976931348623157e+308", f("%v %v %v %v %v %v %v", 1e21, 1e20, 1e5, 1e-5, 1e-4, 2.5e-308, Double.MAX_VALUE));
        assertEquals("+Inf -Inf NaN +NaN   +Inf", f("%f %v %g %+v %6.2f", Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY));
        assertEquals("0 0.000000 0e+00 -0", f("%g %f %.0e %v", 0.0, 0.0, 0.0, -0.0));
        assertEquals("[1 2] [a b] map[a:1] [%!d(string=x)]", f("%v %s %v %d", List.of(1L, 2L), List.of("a", "b"), java.util.Map.of("a", 1L), List.of("x")));
    }

    @Test
    void sprintSpacing() {
        assertEquals("a1 2b", GoFmt.sprint(List.of("a", 1L, 2L, "b")));
        assertEquals("1 2.5 true", GoFmt.sprint(List.of(1L, 2.5, true)));
        assertEquals("a 1 b\n", GoFmt.sprintln(List.of("a", 1L, "b")));
    }
}
