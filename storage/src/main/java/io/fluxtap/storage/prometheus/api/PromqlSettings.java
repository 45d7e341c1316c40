package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.prometheus.head.HeadSeriesSource;
import io.fluxtap.storage.prometheus.head.ServerHead;
import io.fluxtap.storage.prometheus.series.DuckDbSeriesSource;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.series.SeriesSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The PromQL configuration and the server's series source, so the engine's producer needs nothing else:
 * {@code new PromqlEvaluator(settings.seriesSource(), settings.limits())}. A bad value stops start-up with
 * the key's name.
 */
@ApplicationScoped
public class PromqlSettings {

    private final PromqlLimits limits;
    private final int maxConcurrency;
    private final SeriesSource seriesSource;

    @Inject
    public PromqlSettings(DuckDbDatabase database, ServerHead head,
                          @ConfigProperty(name = "fluxtap.promql.lookback-delta", defaultValue = "5m") String lookbackDelta,
                          @ConfigProperty(name = "fluxtap.promql.query-timeout", defaultValue = "2m") String queryTimeout,
                          @ConfigProperty(name = "fluxtap.promql.max-points-per-series", defaultValue = "11000")
                          int maxPointsPerSeries,
                          @ConfigProperty(name = "fluxtap.promql.max-samples", defaultValue = "50000000") long maxSamples,
                          @ConfigProperty(name = "fluxtap.promql.max-concurrency", defaultValue = "20") int maxConcurrency) {
        this(database, head, new PromqlLimits(
                positiveDuration("fluxtap.promql.lookback-delta", lookbackDelta),
                positiveDuration("fluxtap.promql.query-timeout", queryTimeout),
                positive("fluxtap.promql.max-points-per-series", maxPointsPerSeries),
                positive("fluxtap.promql.max-samples", maxSamples)),
                positive("fluxtap.promql.max-concurrency", maxConcurrency));
    }

    /** Settings reading DuckDB alone, without a head block. */
    public PromqlSettings(DuckDbDatabase database, PromqlLimits limits, int maxConcurrency) {
        this(database, null, limits, maxConcurrency);
    }

    /** @param head the server's head block, or null for DuckDB alone */
    public PromqlSettings(DuckDbDatabase database, ServerHead head, PromqlLimits limits, int maxConcurrency) {
        this.limits = limits;
        this.maxConcurrency = maxConcurrency;
        this.seriesSource = seriesSource(database, head, limits.maxSamples());
    }

    /**
     * The server's series: recent selects from the head block, the rest (and all before the head has loaded) from
     * DuckDB. The benchmark of rule evaluation over the server's store builds its source here too.
     */
    public static SeriesSource seriesSource(DuckDbDatabase database, ServerHead head, long maxSamples) {
        SeriesSource duckDb = new DuckDbSeriesSource(database, maxSamples);
        return head == null ? duckDb
                : head.head().<SeriesSource>map(block -> new HeadSeriesSource(block, duckDb, maxSamples)).orElse(duckDb);
    }

    public PromqlLimits limits() {
        return limits;
    }

    /** Most queries evaluated at once; more wait for a slot within their time limit. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * Samples from the head block over the time it covers, else from DuckDB (hot table and warehouse, matchers
     * pushed down); at most maxSamples per select either way.
     */
    public SeriesSource seriesSource() {
        return seriesSource;
    }

    private static Duration positiveDuration(String key, String text) {
        long nanos;
        try {
            nanos = PrometheusParams.durationNanos(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage() + " (e.g. 5m, 1h30m, 90s, or seconds)");
        }
        if (nanos <= 0) {
            throw new IllegalArgumentException(key + " must be positive, not " + text);
        }
        return Duration.ofNanos(nanos);
    }

    private static <N extends Number> N positive(String key, N value) {
        if (value.longValue() <= 0) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
        return value;
    }
}
