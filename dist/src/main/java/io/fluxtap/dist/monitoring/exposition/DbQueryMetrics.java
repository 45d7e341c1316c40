package io.fluxtap.dist.monitoring.exposition;

import io.fluxtap.api.DbQueryTimings;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The store's database work as {@code fluxtap_db_query_duration_seconds{operation,table}}. */
public final class DbQueryMetrics implements DbQueryTimings {

    private final Histogram duration;

    DbQueryMetrics(PrometheusRegistry registry) {
        duration = Histogram.builder().name("fluxtap_db_query_duration_seconds")
                .help("Time of the store's DuckDB statements and writes, by operation (select, insert, update, delete, "
                        + "copy, append, commit, other) and table or view")
                .unit(Unit.SECONDS)
                .classicUpperBounds(HttpRequestMetrics.DURATION_BUCKETS)
                .classicOnly()
                .labelNames("operation", "table").register(registry);
    }

    @Override
    public void observe(String operation, String table, long nanos) {
        duration.labelValues(operation, table).observe(nanos / 1e9);
    }
}
