package io.fluxtap.storage.promql;

import java.time.Duration;

/**
 * The bounds one query runs within, as Prometheus applies them.
 *
 * @param lookbackDelta      how far back an instant selector looks for a sample (Prometheus: 5m)
 * @param timeout            longest evaluation before the query fails with {@code timeout}
 * @param maxPointsPerSeries a range query asking more points than this per series is refused (Prometheus: 11000)
 * @param maxSamples         most samples held in memory at once before the query fails (Prometheus: 50000000)
 */
public record PromqlLimits(Duration lookbackDelta, Duration timeout, int maxPointsPerSeries, long maxSamples) {

    public static PromqlLimits prometheusDefaults() {
        return new PromqlLimits(Duration.ofMinutes(5), Duration.ofMinutes(2), 11_000, 50_000_000L);
    }
}
