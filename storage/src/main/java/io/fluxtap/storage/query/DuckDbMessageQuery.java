package io.fluxtap.storage.query;

import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads business messages of one wire from {@code active_messages}, newest first. The SQL is assembled from
 * fixed fragments only; every value a user supplied is a bound parameter.
 */
@ApplicationScoped
public class DuckDbMessageQuery {

    /** flux_id leaves DuckDB as its decimal text, timestamps as epoch microseconds: no sign or time zone in play. */
    private static final String COLUMNS = """
            epoch_us(ts) AS ts_us, trace_id, span_id, CAST(flux_id AS VARCHAR) AS flux_id, machine_id, entity_name,
            gear_id, wire_id, promoted, json""";

    private static final RowMapper<StoredMessage> ROW_MAPPER = (rs, ctx) -> new StoredMessage(
            rs.getString("flux_id"),
            EpochMicros.toInstant(rs.getLong("ts_us")),
            rs.getString("wire_id"),
            rs.getString("trace_id"),
            rs.getString("span_id"),
            rs.getString("machine_id"),
            rs.getString("entity_name"),
            rs.getString("gear_id"),
            rs.getString("promoted"),
            rs.getString("json"));

    private final DuckDbDatabase database;

    @Inject
    public DuckDbMessageQuery(DuckDbDatabase database) {
        this.database = database;
    }

    /**
     * @param fluxId unsigned decimal text, or null for any
     * @param from   inclusive, or null
     * @param to     exclusive, or null
     */
    public List<StoredMessage> find(String wireId, String fluxId, Instant from, Instant to, int limit) {
        List<String> conditions = new ArrayList<>(List.of("wire_id = :wire_id"));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("wire_id", wireId);
        if (fluxId != null) {
            conditions.add("flux_id = CAST(:flux_id AS UBIGINT)");
            values.put("flux_id", fluxId);
        }
        if (from != null) {
            conditions.add("ts >= make_timestamptz(:from_us)");
            values.put("from_us", EpochMicros.of(from));
        }
        if (to != null) {
            conditions.add("ts < make_timestamptz(:to_us)");
            values.put("to_us", EpochMicros.of(to));
        }
        String sql = "SELECT " + COLUMNS + " FROM active_messages WHERE " + String.join(" AND ", conditions)
                + " ORDER BY ts DESC, active_messages.flux_id DESC LIMIT :limit";
        return database.query(handle -> handle.createQuery(sql)
                .bindMap(values)
                .bind("limit", limit)
                .map(ROW_MAPPER)
                .list());
    }

    /** The messages of every wire that carry the trace id, oldest first. */
    public List<StoredMessage> byTrace(String traceId) {
        return database.query(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM messages WHERE trace_id = :trace_id ORDER BY ts, messages.flux_id")
                .bind("trace_id", traceId)
                .map(ROW_MAPPER)
                .list());
    }

    /**
     * A message as stored.
     *
     * @param fluxId   the unsigned decimal text of the flux id
     * @param promoted the promoted values as a JSON object
     * @param json     the message as it was sent
     */
    public record StoredMessage(String fluxId, Instant timestamp, String wireId, String traceId, String spanId,
                                String machineId, String entityName, String gearId, String promoted, String json) {
    }
}
