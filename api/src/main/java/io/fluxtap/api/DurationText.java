package io.fluxtap.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration writes them: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 7d}, or
 * ISO-8601 ({@code PT30S}). One reader for every duration key of every module, so they all accept the same.
 */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming the key when the text is no positive duration */
    public static Duration parse(String key, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration = value.startsWith("p") ? iso(text.strip()) : suffixed(value);
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 500ms, 30s, 1m, 2h, 7d or"
                    + " PT30S, was '" + text + "'");
        }
        return duration;
    }

    /** The duration in the short form {@link #parse} reads, in the largest unit that holds it exactly: 10m, 90s. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0 || millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static Duration iso(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration suffixed(String value) {
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
