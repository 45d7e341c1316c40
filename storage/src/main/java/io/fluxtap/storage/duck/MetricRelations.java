package io.fluxtap.storage.duck;

/**
 * The relations metric samples are read through (migration V11). {@code active_metrics} holds no labels, its
 * series do: the {@code metrics} view joins them back for SQL users and the warehouse's Parquet files, which keep
 * a labels column so a file stands alone; PromQL and the head block, which find series in {@code metric_series}
 * themselves, read {@link #SAMPLES_VIEW} and skip the join (DuckDB does not drop an unused LEFT JOIN).
 */
public final class MetricRelations {

    /** Hot and cold samples without their labels. */
    public static final String SAMPLES_VIEW = "metric_samples";

    /** The hot samples with their series' labels, in the column order of {@code metrics} since V4. */
    public static final String HOT_WITH_LABELS = """
            SELECT m.ts, m.trace_id, m.span_id, m.flux_id, m.machine_id, m.entity_name, m.gear_id, m.level,
                   m.series_id, m.metric_name, s.labels, m.metric_type, m.value, m.exemplars
            FROM active_metrics m LEFT JOIN metric_series s USING (series_id)""";

    private MetricRelations() {
    }
}
