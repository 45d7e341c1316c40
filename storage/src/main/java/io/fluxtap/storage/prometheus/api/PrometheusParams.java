package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlException.ErrorType;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times, durations and limits as Prometheus' API reads them, failing with its own messages. Times are
 * milliseconds since the epoch, durations nanoseconds (Go's time.Duration), so every check compares what
 * Prometheus compares.
 */
public final class PrometheusParams {

    /** Go's strconv.ParseFloat syntax in decimal (Java's parser alone would also take "5d" or "1f"). */
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");
    /** Prometheus' model.ParseDuration: units largest first, each at most once. */
    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] DURATION_UNIT_MS = {
            365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};

    /** Prometheus' minTime and maxTime (what clients send for "no bound"), in milliseconds. */
    public static final long MIN_TIME_MS = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
    public static final long MAX_TIME_MS = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;
    private static final String MIN_TIME_TEXT = goRfc3339(MIN_TIME_MS / 1000, 0);
    private static final String MAX_TIME_TEXT = goRfc3339(MAX_TIME_MS / 1000, 999_999_999);

    private PrometheusParams() {
    }

    /** A unix time in seconds (decimals allowed, rounded to the millisecond) or an RFC 3339 time. */
    public static long time(String text) {
        if (GO_FLOAT.matcher(text).matches()) {
            double seconds = Double.parseDouble(text);
            if (Double.isFinite(seconds) && Math.abs(seconds) < 9.2e15) {
                double whole = seconds < 0 ? Math.ceil(seconds) : Math.floor(seconds);
                double millis = (seconds - whole) * 1000;
                // Go's math.Round: halves away from zero.
                long fraction = (long) (Math.signum(millis) * Math.floor(Math.abs(millis) + 0.5));
                return (long) whole * 1000 + fraction;
            }
        }
        if (text.equals(MIN_TIME_TEXT)) {
            return MIN_TIME_MS;
        }
        if (text.equals(MAX_TIME_TEXT)) {
            return MAX_TIME_MS;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid timestamp");
        }
    }

    /** Float seconds or a Prometheus duration string ({@code 5m}, {@code 1h30m}), as nanoseconds. */
    public static long durationNanos(String text) {
        if (GO_FLOAT.matcher(text).matches()) {
            double nanos = Double.parseDouble(text) * 1e9;
            if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
                throw new IllegalArgumentException("cannot parse \"" + text
                        + "\" to a valid duration. It overflows int64");
            }
            return (long) nanos;
        }
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid duration");
        }
        long ms = 0;
        try {
            for (int unit = 0; unit < DURATION_UNIT_MS.length; unit++) {
                String amount = matcher.group(unit + 1);
                if (amount != null) {
                    ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(amount), DURATION_UNIT_MS[unit]));
                }
            }
            return Math.multiplyExact(ms, 1_000_000L);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid duration");
        }
    }

    /** Prometheus 3's limit: absent or 0 is no limit ({@link Integer#MAX_VALUE}); negative is refused. */
    public static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be non-negative");
        }
        return limit == 0 ? Integer.MAX_VALUE : limit;
    }

    /** Prometheus' wording for a parameter that cannot be read: bad_data, {@code invalid parameter "x": ...}. */
    public static PromqlException invalid(String parameter, String reason) {
        return new PromqlException(ErrorType.BAD_DATA, "invalid parameter \"" + parameter + "\": " + reason);
    }

    /** Go formats years beyond four digits without a sign, which Java's ISO formatter would add. */
    private static String goRfc3339(long epochSecond, int nanos) {
        OffsetDateTime t = Instant.ofEpochSecond(epochSecond, nanos).atOffset(ZoneOffset.UTC);
        String fraction = nanos == 0 ? "" : "." + String.format("%09d", nanos).replaceAll("0+$", "");
        return String.format("%d-%02d-%02dT%02d:%02d:%02d%sZ", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), fraction);
    }
}
