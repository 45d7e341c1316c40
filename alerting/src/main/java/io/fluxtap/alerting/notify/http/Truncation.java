package io.fluxtap.alerting.notify.http;

import java.nio.charset.StandardCharsets;

/**
 * Alertmanager's text truncation (notify/util.go): a cut text ends in {@code …}, counted in runes (code points)
 * or in UTF-8 bytes, never cutting a character in two.
 */
public final class Truncation {

    public static final String MARKER = "…";

    private Truncation() {
    }

    /** The text and whether it was cut. */
    public record Truncated(String text, boolean truncated) {
    }

    /** {@code TruncateInRunes}: at most {@code n} code points, the last one the marker (none when n <= 3). */
    public static Truncated inRunes(String s, int n) {
        int runes = s.codePointCount(0, s.length());
        if (runes <= n) {
            return new Truncated(s, false);
        }
        if (n <= 3) {
            return new Truncated(s.substring(0, s.offsetByCodePoints(0, n)), true);
        }
        return new Truncated(s.substring(0, s.offsetByCodePoints(0, n - 1)) + MARKER, true);
    }

    /** {@code TruncateInBytes}: at most {@code n} UTF-8 bytes, the marker (3 bytes) included. */
    public static Truncated inBytes(String s, int n) {
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= n) {
            return new Truncated(s, false);
        }
        if (n <= 3) {
            return new Truncated(n == 3 ? MARKER : ".".repeat(Math.max(n, 0)), true);
        }
        int target = n - 3;
        int end = 0;
        int used = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > target) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return new Truncated(s.substring(0, end) + MARKER, true);
    }
}
