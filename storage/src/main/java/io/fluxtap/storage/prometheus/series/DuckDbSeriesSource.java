package io.fluxtap.storage.prometheus.series;

import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The PromQL engine's samples from DuckDB: the matchers find series ids in {@code metric_series}, then the
 * samples of exactly those series in the time range are read from the {@code metrics} view (hot table and
 * warehouse), ordered by series and time, straight into primitive arrays. Both reads run in one transaction,
 * so they see the same snapshot. Safe for concurrent use: every call works on its own connection.
 */
public final class DuckDbSeriesSource implements SeriesSource {

    /** Prometheus' own words for a query over its sample budget. */
    static final String TOO_MANY_SAMPLES =
            "query processing would load too many samples into memory in query execution";

    private final DuckDbDatabase database;
    private final long maxSamples;

    /** @param maxSamples most samples one select may load before it fails with {@code execution} */
    public DuckDbSeriesSource(DuckDbDatabase database, long maxSamples) {
        this.database = database;
        this.maxSamples = maxSamples;
    }

    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        if (maxTimeMs < minTimeMs) {
            return List.of();
        }
        SeriesFilter filter = SeriesFilter.allOf(matchers);
        TimeRange range = new TimeRange(minTimeMs, maxTimeMs);
        return database.jdbi().withHandle(handle -> {
            Connection connection = handle.getConnection();
            try {
                filter.checkPatterns(connection);
                return inSnapshot(connection, () -> {
                    Map<Long, SortedMap<String, String>> series = seriesOf(connection, filter);
                    return series.isEmpty() ? List.<StoredSeries>of() : samplesOf(connection, filter, range, series);
                });
            } catch (SQLException e) {
                throw SqlErrors.translate(e);
            }
        });
    }

    private Map<Long, SortedMap<String, String>> seriesOf(Connection connection, SeriesFilter filter)
            throws SQLException {
        String sql = "SELECT " + SeriesRows.SERIES_KEY + ", metric_name, labels FROM metric_series WHERE "
                + filter.sql();
        Map<Long, SortedMap<String, String>> series = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SeriesRows.bind(statement, 1, filter.parameters());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    series.put(rs.getLong(1), SeriesRows.labels(rs.getString(2), rs.getObject(3)));
                }
            }
        }
        return series;
    }

    private List<StoredSeries> samplesOf(Connection connection, SeriesFilter filter, TimeRange range,
                                         Map<Long, SortedMap<String, String>> series) throws SQLException {
        String sql = "SELECT " + SeriesRows.SERIES_KEY + ", epoch_us(ts), value FROM metrics"
                + " WHERE series_id IN (SELECT series_id FROM metric_series WHERE " + filter.sql() + ")"
                + SeriesRows.timeCondition("ts", range)
                + " ORDER BY series_id, ts";
        List<StoredSeries> result = new ArrayList<>();
        SampleBuffer buffer = new SampleBuffer();
        long loaded = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = SeriesRows.bind(statement, 1, filter.parameters());
            SeriesRows.bind(statement, index, SeriesRows.timeParameters(range));
            try (ResultSet rs = statement.executeQuery()) {
                long currentKey = 0;
                SortedMap<String, String> currentLabels = null;
                while (rs.next()) {
                    long key = rs.getLong(1);
                    if (currentLabels == null || key != currentKey) {
                        if (currentLabels != null) {
                            result.add(buffer.drain(currentLabels));
                        }
                        currentKey = key;
                        // A series written after the catalogue read cannot appear in this snapshot; null only
                        // if the view ever held samples without a catalogue row, which are then skipped.
                        currentLabels = series.get(key);
                        if (currentLabels == null) {
                            continue;
                        }
                    }
                    if (++loaded > maxSamples) {
                        throw new PromqlException(PromqlException.ErrorType.EXECUTION, TOO_MANY_SAMPLES);
                    }
                    // getDouble hands back the stored bits: the stale marker's NaN payload survives.
                    buffer.add(SeriesRows.floorMillis(rs, 2), rs.getDouble(3));
                }
                if (currentLabels != null) {
                    result.add(buffer.drain(currentLabels));
                }
            }
        }
        return result;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T inSnapshot(Connection connection, SqlWork<T> work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                return work.run();
            } finally {
                statement.execute("ROLLBACK");
            }
        }
    }

    /** One series' samples as they are read, reused for every series of a select. */
    private static final class SampleBuffer {
        private long[] timestamps = new long[256];
        private double[] values = new double[256];
        private int size;

        void add(long timestampMs, double value) {
            // Two samples within one millisecond (OTLP carries nanoseconds): the later one wins, as a
            // millisecond store keeps one sample per timestamp.
            if (size > 0 && timestamps[size - 1] == timestampMs) {
                values[size - 1] = value;
                return;
            }
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            timestamps[size] = timestampMs;
            values[size] = value;
            size++;
        }

        StoredSeries drain(SortedMap<String, String> labels) {
            StoredSeries series = new StoredSeries(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
            size = 0;
            return series;
        }
    }
}
