package io.fluxtap.storage.prometheus.series;

import io.fluxtap.storage.duck.MetricRelations;
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
import java.util.List;
import java.util.SortedMap;

/**
 * The PromQL engine's samples from DuckDB: the matchers find series ids in {@code metric_series}, then the
 * samples of exactly those series in the time range are read from the {@code metric_samples} view (hot table and
 * warehouse) straight into primitive arrays per series, in time order. Both reads run in one transaction,
 * so they see the same snapshot. Safe for concurrent use: every call works on its own connection.
 */
public final class DuckDbSeriesSource implements SeriesSource {

    /** Prometheus' own words for a query over its sample budget. */
    public static final String TOO_MANY_SAMPLES =
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
        return database.query(handle -> {
            Connection connection = handle.getConnection();
            try {
                filter.checkPatterns(connection);
                return inSnapshot(connection, () -> {
                    SeriesBuffers series = seriesOf(connection, filter);
                    if (series.isEmpty()) {
                        return List.<StoredSeries>of();
                    }
                    readSamples(connection, filter, range, series);
                    return series.series();
                });
            } catch (SQLException e) {
                throw SqlErrors.translate(e);
            }
        });
    }

    private SeriesBuffers seriesOf(Connection connection, SeriesFilter filter) throws SQLException {
        String sql = "SELECT " + SeriesRows.SERIES_KEY + ", metric_name, labels FROM metric_series WHERE "
                + filter.sql() + " ORDER BY series_id";
        List<Long> keys = new ArrayList<>();
        List<SortedMap<String, String>> labels = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SeriesRows.bind(statement, 1, filter.parameters());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                    labels.add(SeriesRows.labels(rs.getString(2), rs.getObject(3)));
                }
            }
        }
        SeriesBuffers series = new SeriesBuffers(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            series.addSeries(keys.get(i), labels.get(i));
        }
        return series;
    }

    /** Rows in whatever order the view yields them; {@link SeriesBuffers} groups and orders them. */
    private void readSamples(Connection connection, SeriesFilter filter, TimeRange range, SeriesBuffers series)
            throws SQLException {
        String sql = "SELECT " + SeriesRows.SERIES_KEY + ", epoch_us(ts), value FROM " + MetricRelations.SAMPLES_VIEW
                + " WHERE series_id IN (SELECT series_id FROM metric_series WHERE " + filter.sql() + ")"
                + SeriesRows.timeCondition("ts", range);
        long loaded = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = SeriesRows.bind(statement, 1, filter.parameters());
            SeriesRows.bind(statement, index, SeriesRows.timeParameters(range));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (++loaded > maxSamples) {
                        throw new PromqlException(PromqlException.ErrorType.EXECUTION, TOO_MANY_SAMPLES);
                    }
                    // getDouble hands back the stored bits: the stale marker's NaN payload survives. A series
                    // written after the catalogue read is not in this snapshot's catalogue; its rows are skipped.
                    series.add(rs.getLong(1), SeriesRows.floorMillis(rs, 2), rs.getDouble(3));
                }
            }
        }
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
}
