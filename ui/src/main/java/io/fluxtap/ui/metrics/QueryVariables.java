package io.fluxtap.ui.metrics;

import java.time.Duration;

/**
 * Grafana's built-in interval variables, filled in when a query runs so an imported panel keeps working at any
 * range: {@code $__interval} is the step; {@code $__rate_interval} is Grafana's own formula
 * max(step + scrape interval, 4 × scrape interval) with Prometheus' default scrape interval of 15 s (so at least
 * 1m, and always more than one step, which {@code rate} needs for two samples); {@code $__range} is the range.
 */
public final class QueryVariables {

    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

    private QueryVariables() {
    }

    public static String fill(String query, Duration step, Duration range) {
        Duration rate = step.plus(SCRAPE_INTERVAL);
        Duration fourScrapes = SCRAPE_INTERVAL.multipliedBy(4);
        if (rate.compareTo(fourScrapes) < 0) {
            rate = fourScrapes;
        }
        // Longest names first: $__interval_ms and $__rate_interval must not be cut by $__interval.
        return query.replace("${__rate_interval}", seconds(rate)).replace("$__rate_interval", seconds(rate))
                .replace("${__interval_ms}", Long.toString(step.toMillis()))
                .replace("$__interval_ms", Long.toString(step.toMillis()))
                .replace("${__interval}", seconds(step)).replace("$__interval", seconds(step))
                .replace("${__range}", seconds(range)).replace("$__range", seconds(range));
    }

    /** The step of a range query over {@code range}: about 250 points, whole seconds, at least 1 s. */
    public static Duration step(Duration range) {
        return Duration.ofSeconds(Math.max(1, Math.round(range.toMillis() / 250_000.0)));
    }

    private static String seconds(Duration d) {
        return Math.max(1, d.toSeconds()) + "s";
    }
}
