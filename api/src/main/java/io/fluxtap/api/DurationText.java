package io.fluxtap.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration writes them: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 7d}, units
 * combined from the largest down as Prometheus writes them ({@code 1h30m}, {@code 2m30s}, {@code 1d12h}), or
 * ISO-8601 ({@code PT30S}). One reader for every duration key of every module, so they all accept the same;
 * {@code io.fluxtap.api.config.DurationConverter} makes it MicroProfile Config's reader of {@link Duration}.
 */
public final class DurationText {

    /** Each unit at most once, largest first, as Prometheus' {@code model.ParseDuration} (without y and w). */
    private static final Pattern FORMAT = Pattern.compile(
            "(?:(\\d+)\\s*d)?\\s*(?:(\\d+)\\s*h)?\\s*(?:(\\d+)\\s*m(?!s))?\\s*(?:(\\d+)\\s*s)?\\s*(?:(\\d+)\\s*ms)?");
    private static final Duration[] UNITS = {
        Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1)};
    private static final String EXAMPLES = "500ms, 30s, 2m, 1h30m, 7d or PT30S";

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming the key when the text is no positive duration */
    public static Duration parse(String key, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when the text is no positive duration, with a message that names the forms */
    public static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration = value.startsWith("p") ? iso(text.strip()) : suffixed(value);
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be a positive duration such as " + EXAMPLES + ", was '" + text + "'");
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
        if (value.isEmpty() || !m.matches()) {
            return null;
        }
        Duration total = Duration.ZERO;
        try {
            for (int unit = 0; unit < UNITS.length; unit++) {
                String amount = m.group(unit + 1);
                if (amount != null) {
                    total = total.plus(UNITS[unit].multipliedBy(Long.parseLong(amount)));
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null; // more digits than a long or a Duration holds: no duration anyone meant
        }
        return total;
    }
}
