package io.fluxtap.storage.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration writes them: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 7d}, or
 * ISO-8601 ({@code PT30S}). One reader for every duration key of the storage module, so they all accept the same.
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
