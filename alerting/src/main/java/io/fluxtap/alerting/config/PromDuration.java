package io.fluxtap.alerting.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus' {@code model.ParseDuration} reads them, in rule files, in alertmanager.yml and in the
 * {@code fluxtap.alerting.*} / {@code fluxtap.alertmanager.*} keys: units y, w, d, h, m, s, ms, each at most once and
 * largest first ({@code 1h30m}, {@code 90s}, {@code 1w}), and {@code 0} alone. Stricter than api's DurationText (no
 * plain numbers, no spaces, no decimals) because a file Prometheus or Alertmanager refuses must be refused here too;
 * zero is allowed because Alertmanager refuses zero intervals with its own messages.
 */
public final class PromDuration {

    private static final Pattern FORMAT = Pattern.compile(
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] UNIT_MS = {
            365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1_000, 1};

    private PromDuration() {
    }

    /** @throws IllegalArgumentException worded as Prometheus: {@code not a valid duration string: "5"} */
    public static Duration parse(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        long total = 0;
        for (int i = 0; i < UNIT_MS.length; i++) {
            String amount = m.group(i + 1);
            if (amount != null) {
                try {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(amount), UNIT_MS[i]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("duration out of range");
                }
            }
        }
        return Duration.ofMillis(total);
    }
}
