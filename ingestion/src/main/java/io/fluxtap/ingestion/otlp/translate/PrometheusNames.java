package io.fluxtap.ingestion.otlp.translate;

import java.math.BigDecimal;

/**
 * OTel names and numbers as Prometheus wants them (the OpenTelemetry Prometheus compatibility spec, as
 * Prometheus' own OTLP receiver applies it without unit suffixes): metric names match
 * {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, every other character
 * becomes {@code _}.
 */
final class PrometheusNames {

    static final String TOTAL_SUFFIX = "_total";

    private PrometheusNames() {
    }

    /** A metric name; a leading digit gets a {@code _} in front. Null for an empty name. */
    static String metricName(String otelName) {
        if (otelName.isEmpty()) {
            return null;
        }
        StringBuilder name = new StringBuilder(otelName.length() + 1);
        if (isDigit(otelName.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < otelName.length(); i++) {
            char c = otelName.charAt(i);
            name.append(isLetter(c) || isDigit(c) || c == '_' || c == ':' ? c : '_');
        }
        return name.toString();
    }

    /** A counter's name ends in {@code _total}, added only when the sender did not already. */
    static String counterName(String metricName) {
        return metricName.endsWith(TOTAL_SUFFIX) ? metricName : metricName + TOTAL_SUFFIX;
    }

    /** A label name; a leading digit gets {@code key_} in front (as the spec says). Null for an empty name. */
    static String labelName(String key) {
        if (key.isEmpty()) {
            return null;
        }
        StringBuilder name = new StringBuilder(key.length() + 4);
        if (isDigit(key.charAt(0))) {
            name.append("key_");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(isLetter(c) || isDigit(c) || c == '_' ? c : '_');
        }
        return name.toString();
    }

    /**
     * A number as the value of an {@code le} or {@code quantile} label: the shortest decimal that reads back
     * as the same double, without exponent (Go's {@code FormatFloat(v, 'f', -1, 64)}, which Prometheus' OTLP
     * translator uses), and {@code +Inf}/{@code -Inf}/{@code NaN} as Prometheus writes them.
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        // Double.toString gives the shortest representation that round-trips (JDK 19+).
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
