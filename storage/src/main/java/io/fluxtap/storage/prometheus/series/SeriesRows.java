package io.fluxtap.storage.prometheus.series;


import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** SQL fragments and row reading shared by the series source and the catalogue. */
final class SeriesRows {

    /**
     * series_id is a UBIGINT, which JDBC hands back only as a BigInteger. Shifted by -2^63 it fits a BIGINT
     * with the same order, so rows are read as plain longs and {@code ORDER BY series_id} still holds.
     */
    static final String SERIES_KEY = "(series_id::HUGEINT - 9223372036854775808)::BIGINT";

    private SeriesRows() {
    }

    /** The label set Prometheus sees: __name__ plus every label with a non-empty value, sorted by name. */
    static SortedMap<String, String> labels(String metricName, Object labelsColumn) {
        return SeriesLabels.of(metricName, labelsColumn instanceof Map<?, ?> map ? map : null);
    }

    static int bind(PreparedStatement statement, int firstIndex, List<Object> parameters) throws SQLException {
        int index = firstIndex;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }

    /**
     * Condition on a sample timestamp column limiting rows to a time range, empty when unbounded; its
     * placeholders take {@link #timeParameters}.
     */
    static String timeCondition(String column, TimeRange range) {
        return range.unbounded() ? ""
                : " AND " + column + " >= make_timestamptz(?) AND " + column + " < make_timestamptz(?)";
    }

    static List<Object> timeParameters(TimeRange range) {
        return range.unbounded() ? List.of() : List.of(range.fromMicros(), range.untilMicros());
    }

    static long floorMillis(ResultSet rs, int column) throws SQLException {
        return Math.floorDiv(rs.getLong(column), 1000L);
    }
}
