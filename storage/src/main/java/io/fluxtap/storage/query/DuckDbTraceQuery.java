package io.fluxtap.storage.query;

import io.fluxtap.api.SpanRecord;
import io.fluxtap.storage.duck.AttributesJson;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.duck.SpanJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Reads the spans of one trace from {@code active_spans}. */
@ApplicationScoped
public class DuckDbTraceQuery {

    /** Timestamps leave DuckDB as epoch microseconds so no time zone takes part in the conversion. */
    private static final String COLUMNS = """
            epoch_us(ts) AS ts_us, trace_id, span_id, flux_id, machine_id, entity_name, gear_id,
            epoch_us(end_ts) AS end_us, duration_ns, parent_span_id, trace_state, flags, name, kind, status_code,
            status_message, scope_name, scope_version, attributes, resource, events, links,
            dropped_attributes_count, dropped_events_count, dropped_links_count, scope_attributes""";

    private static final RowMapper<StoredSpan> ROW_MAPPER = (rs, ctx) -> new StoredSpan(new SpanRecord(
            rs.getString("trace_id"),
            rs.getString("span_id"),
            rs.getString("parent_span_id"),
            rs.getString("trace_state"),
            unsigned32(rs, "flags"),
            rs.getString("name"),
            SpanRecord.SpanKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
            EpochMicros.toInstant(rs.getLong("ts_us")),
            EpochMicros.toInstant(rs.getLong("end_us")),
            SpanRecord.StatusCode.valueOf(rs.getString("status_code").toUpperCase(Locale.ROOT)),
            rs.getString("status_message"),
            nullableUnsignedLong(rs),
            rs.getString("machine_id"),
            rs.getString("entity_name"),
            rs.getString("gear_id"),
            rs.getString("scope_name"),
            rs.getString("scope_version"),
            AttributesJson.read(rs.getString("attributes")),
            AttributesJson.read(rs.getString("resource")),
            SpanJson.readEvents(rs.getString("events")),
            SpanJson.readLinks(rs.getString("links")),
            unsigned32(rs, "dropped_attributes_count"),
            unsigned32(rs, "dropped_events_count"),
            unsigned32(rs, "dropped_links_count"),
            AttributesJson.read(rs.getString("scope_attributes"))),
            rs.getLong("duration_ns"));

    private final DuckDbDatabase database;

    @Inject
    public DuckDbTraceQuery(DuckDbDatabase database) {
        this.database = database;
    }

    /**
     * Every stored span of the trace, by start time; spans starting in the same microsecond longest first,
     * so an enclosing span comes before the spans it encloses.
     *
     * @param traceId 32 lowercase hex characters
     * @return empty when no span has that trace id
     */
    public List<StoredSpan> trace(String traceId) {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM active_spans WHERE trace_id = :trace_id"
                        + " ORDER BY ts, duration_ns DESC, span_id")
                .bind("trace_id", traceId)
                .map(ROW_MAPPER)
                .list());
    }

    /** getLong reads a UINTEGER's value; the int keeps its 32 bits, as {@link SpanRecord} holds them. */
    private static int unsigned32(ResultSet rs, String column) throws SQLException {
        return (int) rs.getLong(column);
    }

    /** getLong hands back a UBIGINT's 64 bits unchanged, so ids >= 2^63 return as the negative longs they came in as. */
    private static Long nullableUnsignedLong(ResultSet rs) throws SQLException {
        long value = rs.getLong("flux_id");
        return rs.wasNull() ? null : value;
    }

    /**
     * A span as stored. Its start and end times come back with the store's microseconds; the duration keeps
     * the nanoseconds they were sent with.
     */
    public record StoredSpan(SpanRecord span, long durationNanos) {
    }
}
