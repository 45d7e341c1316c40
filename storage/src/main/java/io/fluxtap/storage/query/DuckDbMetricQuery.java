package io.fluxtap.storage.query;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.duck.ExemplarsJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metric samples from {@code active_metrics}, with their series' unit and help from {@code metric_series}.
 * The SQL is assembled from fixed fragments only; every value a user supplied is a bound parameter.
 */
@ApplicationScoped
public class DuckDbMetricQuery {

    private static final String COLUMNS = """
            epoch_us(m.ts) AS ts_us, m.metric_name, coalesce(s.labels, MAP {}::MAP(VARCHAR, VARCHAR)) AS labels,
            m.value, m.metric_type, s.unit, s.help, m.flux_id, m.machine_id, m.entity_name, m.gear_id, m.exemplars""";
    private static final RowMapper<MetricSample> ROW_MAPPER = DuckDbMetricQuery::map;

    private final DuckDbDatabase database;

    @Inject
    public DuckDbMetricQuery(DuckDbDatabase database) {
        this.database = database;
    }

    /** Newest first; samples of one instant in name and series order, so a page reads the same every time. */
    public List<MetricSample> samples(MetricSampleSearch search) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (search.name() != null) {
            conditions.add("m.metric_name = :name");
            values.put("name", search.name());
        }
        if (search.from() != null) {
            conditions.add("m.ts >= make_timestamptz(:from_us)");
            values.put("from_us", EpochMicros.of(search.from()));
        }
        if (search.to() != null) {
            conditions.add("m.ts < make_timestamptz(:to_us)");
            values.put("to_us", EpochMicros.of(search.to()));
        }
        String sql = "SELECT " + COLUMNS + " FROM active_metrics m LEFT JOIN metric_series s USING (series_id)"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY m.ts DESC, m.metric_name, m.series_id LIMIT :limit";
        return database.query(handle -> handle.createQuery(sql)
                .bindMap(values)
                .bind("limit", search.limit())
                .map(ROW_MAPPER)
                .list());
    }

    private static MetricSample map(ResultSet rs, StatementContext ctx) throws SQLException {
        long fluxId = rs.getLong("flux_id");
        Long nullableFluxId = rs.wasNull() ? null : fluxId;
        @SuppressWarnings("unchecked")
        Map<String, String> labels = (Map<String, String>) rs.getObject("labels");
        return new MetricSample(
                EpochMicros.toInstant(rs.getLong("ts_us")),
                rs.getString("metric_name"),
                labels,
                // getDouble hands back the stored bits, so the stale-marker NaN stays what it was.
                rs.getDouble("value"),
                MetricType.valueOf(rs.getString("metric_type").toUpperCase(Locale.ROOT)),
                rs.getString("unit"),
                rs.getString("help"),
                nullableFluxId,
                rs.getString("machine_id"),
                rs.getString("entity_name"),
                rs.getString("gear_id"),
                ExemplarsJson.read(rs.getString("exemplars")));
    }
}
