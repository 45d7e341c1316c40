package io.fluxtap.alerting.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus' {@code model.ParseDuration} reads them: units y, w, d, h, m, s, ms, each at most once and
 * largest first ({@code 1h30m}, {@code 1w}), and {@code 0} alone. Zero is allowed here (unlike
 * {@code io.fluxtap.api.DurationText}) because Alertmanager refuses zero intervals with its own messages.
 */
public final class PromDuration {

    private static final Pattern FORMAT = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Duration[] UNITS = {Duration.ofDays(365), Duration.ofDays(7), Duration.ofDays(1),
        Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1)};

    private PromDuration() {
    }

    /** @throws ConfigException with Prometheus' message for anything else */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new ConfigException("not a valid duration string: \"" + text + "\"");
        }
        Duration total = Duration.ZERO;
        try {
            for (int i = 0; i < UNITS.length; i++) {
                if (m.group(i + 1) != null) {
                    total = total.plus(UNITS[i].multipliedBy(Long.parseLong(m.group(i + 1))));
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("duration out of range: \"" + text + "\"");
        }
        return total;
    }
}
