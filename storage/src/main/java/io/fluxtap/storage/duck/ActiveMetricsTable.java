package io.fluxtap.storage.duck;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends metric samples to {@code active_metrics} and adds their series to {@code metric_series}, in the
 * column order of migrations V4 and V11 (a sample's labels are its series', stored once in {@code metric_series}).
 */
final class ActiveMetricsTable {

    static final String NAME = "active_metrics";
    /** This connection's scratch table for the series of one batch (temporary tables are per connection). */
    private static final String BATCH_SERIES = "metric_series_batch";

    private ActiveMetricsTable() {
    }

    /**
     * Appends within the connection's current transaction; the caller commits or rolls back.
     *
     * @return the samples' series ids, index by index
     */
    static long[] append(DuckDBConnection connection, List<MetricSample> samples, KnownSeries known)
            throws SQLException {
        if (samples.isEmpty()) {
            return new long[0];
        }
        SeriesIds ids = new SeriesIds();
        long[] seriesIds = new long[samples.size()];
        int index = 0;
        Map<Long, MetricSample> firstOfSeries = new LinkedHashMap<>();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, NAME)) {
            for (MetricSample sample : samples) {
                long seriesId = ids.of(sample.name(), sample.labels());
                seriesIds[index++] = seriesId;
                if (!known.contains(seriesId)) {
                    firstOfSeries.putIfAbsent(seriesId, sample);
                }
                appendSample(appender, seriesId, sample);
            }
            appender.flush();
        }
        if (!firstOfSeries.isEmpty()) {
            addSeries(connection, firstOfSeries);
        }
        return seriesIds;
    }

    private static String type(MetricSample sample) {
        return sample.type().name().toLowerCase(Locale.ROOT);
    }

    private static void appendSample(DuckDBAppender appender, long seriesId, MetricSample sample)
            throws SQLException {
        Exemplar first = sample.exemplars().isEmpty() ? null : sample.exemplars().getFirst();
        appender.beginRow();
        appender.appendEpochMicros(EpochMicros.of(sample.timestamp()));
        appender.append(first == null ? null : first.traceId());
        appender.append(first == null ? null : first.spanId());
        // A UBIGINT column takes the long's 64 bits as they are, so ids >= 2^63 (negative longs) keep their value.
        appender.append(sample.fluxId());
        appender.append(sample.machineId());
        appender.append(sample.entityName());
        appender.append(sample.gearId());
        appender.appendNull();
        appender.append(seriesId);
        appender.append(sample.name());
        appender.append(type(sample));
        appender.append(sample.value());
        appender.append(ExemplarsJson.write(sample.exemplars()));
        appender.endRow();
    }

    /**
     * Inserts the series not stored yet. The batch's series go through a scratch table so the check against
     * the primary key is one set-based statement rather than one round trip per series.
     */
    private static void addSeries(DuckDBConnection connection, Map<Long, MetricSample> series) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + BATCH_SERIES
                    + " AS SELECT * FROM metric_series WITH NO DATA");
            try (DuckDBAppender appender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA,
                    BATCH_SERIES)) {
                for (Map.Entry<Long, MetricSample> entry : series.entrySet()) {
                    MetricSample sample = entry.getValue();
                    appender.beginRow();
                    appender.append(entry.getKey().longValue());
                    appender.append(sample.name());
                    appender.append(sample.labels());
                    appender.append(type(sample));
                    appender.append(sample.unit());
                    appender.append(sample.help());
                    appender.append(sample.entityName());
                    appender.append(sample.machineId());
                    appender.append(sample.gearId());
                    appender.endRow();
                }
                appender.flush();
            }
            statement.execute("INSERT INTO metric_series SELECT * FROM temp.main." + BATCH_SERIES
                    + " ON CONFLICT DO NOTHING");
            statement.execute("DELETE FROM temp.main." + BATCH_SERIES);
        }
    }
}
