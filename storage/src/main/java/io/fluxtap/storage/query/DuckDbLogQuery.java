package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.statement.Query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log search over {@code active_logs}. The SQL is assembled from fixed fragments only; every value a
 * user supplied is a bound parameter.
 */
@ApplicationScoped
public class DuckDbLogQuery implements LogQuery {

    private static final LogRowMapper ROW_MAPPER = new LogRowMapper();

    private final DuckDbDatabase database;

    @Inject
    public DuckDbLogQuery(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<LogRecord> search(LogSearch search) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (search.entityName() != null) {
            conditions.add("entity_name = :entity_name");
            values.put("entity_name", search.entityName());
        }
        if (search.contains() != null) {
            // contains() matches literally, so a user's % or _ is no wildcard; lower() folds Unicode case.
            conditions.add("contains(lower(body), lower(:contains))");
            values.put("contains", search.contains());
        }
        if (search.from() != null) {
            conditions.add("ts >= make_timestamptz(:from_us)");
            values.put("from_us", EpochMicros.of(search.from()));
        }
        if (search.to() != null) {
            conditions.add("ts < make_timestamptz(:to_us)");
            values.put("to_us", EpochMicros.of(search.to()));
        }
        if (!search.levels().isEmpty()) {
            conditions.add("level IN (<levels>)");
        }
        String sql = "SELECT " + LogRowMapper.COLUMNS + " FROM active_logs"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY ts DESC LIMIT :limit";
        List<String> levels = search.levels().stream().map(Level::label).sorted().toList();
        return database.jdbi().withHandle(handle -> {
            Query query = handle.createQuery(sql).bindMap(values).bind("limit", search.limit());
            if (!levels.isEmpty()) {
                query.bindList("levels", levels);
            }
            return query.map(ROW_MAPPER).list();
        });
    }

    @Override
    public List<String> entityNames() {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT DISTINCT entity_name FROM active_logs WHERE entity_name IS NOT NULL ORDER BY 1")
                .mapTo(String.class)
                .list());
    }
}
