package io.fluxtap.storage.query;

import io.fluxtap.api.SpanRecord;
import io.fluxtap.storage.duck.AttributesJson;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.duck.SpanJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.mapper.RowMapper;

import io.fluxtap.api.LogRecord;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads traces from the {@code spans} view (hot table and warehouse alike): one trace by id, or the traces
 * whose spans match a {@link TraceSearch}.
 */
@ApplicationScoped
public class DuckDbTraceQuery {

    /** Timestamps leave DuckDB as epoch microseconds so no time zone takes part in the conversion. */
    private static final String COLUMNS = """
            epoch_us(ts) AS ts_us, trace_id, span_id, flux_id, machine_id, entity_name, gear_id,
            epoch_us(end_ts) AS end_us, duration_ns, parent_span_id, trace_state, flags, name, kind, status_code,
            status_message, scope_name, scope_version, attributes, resource, events, links,
            dropped_attributes_count, dropped_events_count, dropped_links_count, scope_attributes,
            start_time_unix_nano, end_time_unix_nano""";

    private static final RowMapper<StoredSpan> ROW_MAPPER = (rs, ctx) -> new StoredSpan(new SpanRecord(
            rs.getString("trace_id"),
            rs.getString("span_id"),
            rs.getString("parent_span_id"),
            rs.getString("trace_state"),
            unsigned32(rs, "flags"),
            rs.getString("name"),
            SpanRecord.SpanKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
            // The nanosecond columns are NULL (read as 0) in rows from before migration V9.
            EpochMicros.toInstant(rs.getLong("ts_us"), rs.getLong("start_time_unix_nano")),
            EpochMicros.toInstant(rs.getLong("end_us"), rs.getLong("end_time_unix_nano")),
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
        return database.query(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM spans WHERE trace_id = :trace_id"
                        + " ORDER BY ts, duration_ns DESC, span_id")
                .bind("trace_id", traceId)
                .map(ROW_MAPPER)
                .list());
    }

    /**
     * One summary per trace that has a span matching every span condition of the search (service, operation,
     * status, attributes, time range) and whose duration is within the bounds, newest first (ties by trace id),
     * starting after the search's cursor. The page's {@code next} is set when more traces follow: one row more
     * than the limit is read to know. Its {@code total} counts every trace the search matches, on any page.
     */
    public TracePage find(TraceSearch search) {
        List<String> spanConditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (search.service() != null) {
            spanConditions.add("entity_name = ?");
            parameters.add(search.service());
        }
        if (search.operation() != null) {
            spanConditions.add("name = ?");
            parameters.add(search.operation());
        }
        if (search.status() != null) {
            spanConditions.add("status_code = ?");
            parameters.add(search.status());
        }
        search.attributes().forEach((key, value) -> {
            // A span attribute or a resource attribute (service.version, k8s.pod.name) of the span.
            spanConditions.add("coalesce(json_extract_string(attributes, ?), json_extract_string(resource, ?)) = ?");
            String pointer = "/" + key.replace("~", "~0").replace("/", "~1");
            parameters.addAll(List.of(pointer, pointer, value));
        });
        if (search.from() != null) {
            spanConditions.add("ts >= make_timestamptz(?)");
            parameters.add(EpochMicros.of(search.from()));
        }
        if (search.to() != null) {
            spanConditions.add("ts < make_timestamptz(?)");
            parameters.add(EpochMicros.of(search.to()));
        }
        List<String> traceConditions = new ArrayList<>();
        if (search.minDurationNanos() != null) {
            traceConditions.add("duration_ns >= ?");
            parameters.add(search.minDurationNanos());
        }
        if (search.maxDurationNanos() != null) {
            traceConditions.add("duration_ns <= ?");
            parameters.add(search.maxDurationNanos());
        }
        // The matching traces before the cursor cuts them: their count is the search's total, the same on every page.
        String matching = """
                SELECT * FROM (
                  SELECT trace_id, epoch_us(min(ts)) AS start_us,
                         greatest(epoch_ns(max(end_ts)) - epoch_ns(min(ts)), max(duration_ns)) AS duration_ns,
                         count(*) AS span_count, bool_or(status_code = 'error') AS error,
                         arg_min(entity_name, root_key) AS root_service, arg_min(name, root_key) AS root_operation
                  FROM (SELECT *, CASE WHEN parent_span_id IS NULL OR parent_span_id = '' THEN 0 ELSE 1 END AS root_key_flag,
                               root_key_flag * 100000000000000000 + epoch_us(ts) AS root_key
                        FROM spans WHERE trace_id IN (SELECT trace_id FROM spans WHERE %s))
                  GROUP BY trace_id)
                WHERE %s"""
                .formatted(spanConditions.isEmpty() ? "TRUE" : String.join(" AND ", spanConditions),
                        traceConditions.isEmpty() ? "TRUE" : String.join(" AND ", traceConditions));
        List<Object> pageParameters = new ArrayList<>(parameters);
        String cursorCondition = "TRUE";
        if (search.after() != null) {
            cursorCondition = "(start_us < ? OR (start_us = ? AND trace_id > ?))";
            pageParameters.addAll(List.of(search.after().startMicros(), search.after().startMicros(),
                    search.after().traceId()));
        }
        pageParameters.add(search.limit() + 1);
        // count(*) OVER () runs before the outer WHERE, so every row of the page carries the total.
        String sql = "SELECT * FROM (SELECT *, count(*) OVER () AS total FROM (" + matching + ")) WHERE "
                + cursorCondition + " ORDER BY start_us DESC, trace_id LIMIT ?";
        List<Counted> found = database.query(handle -> bind(handle.createQuery(sql), pageParameters)
                .map((rs, ctx) -> new Counted(new TraceSummary(rs.getString("trace_id"),
                        EpochMicros.toInstant(rs.getLong("start_us")), rs.getLong("duration_ns"), rs.getInt("span_count"),
                        rs.getBoolean("error"), rs.getString("root_service"), rs.getString("root_operation")),
                        rs.getLong("total"))).list());
        long total = found.isEmpty() ? total(matching, parameters, search) : found.getFirst().total();
        List<TraceSummary> traces = found.stream().map(Counted::summary).limit(search.limit()).toList();
        if (found.size() <= search.limit()) {
            return new TracePage(traces, null, total);
        }
        TraceSummary last = traces.getLast();
        return new TracePage(traces, new TraceCursor(EpochMicros.of(last.start()), last.traceId()), total);
    }

    /** An empty page (a cursor past the last trace, or nothing matches) carries no row to read the total from. */
    private long total(String matching, List<Object> parameters, TraceSearch search) {
        if (search.after() == null) {
            return 0;
        }
        return database.query(handle -> bind(handle.createQuery("SELECT count(*) FROM (" + matching + ")"), parameters)
                .mapTo(Long.class).one());
    }

    private static Query bind(Query query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.bind(i, parameters.get(i));
        }
        return query;
    }

    private record Counted(TraceSummary summary, long total) {
    }

    /** The logs of the trace, oldest first. */
    public List<LogRecord> logs(String traceId) {
        return database.query(handle -> handle
                .createQuery("SELECT " + LogRowMapper.COLUMNS + " FROM logs WHERE trace_id = :trace_id ORDER BY ts")
                .bind("trace_id", traceId)
                .map(new LogRowMapper())
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

    /**
     * One trace found by {@link #find}. The root is the earliest span without a parent (the earliest span when
     * every span has one: the root is not stored yet).
     */
    public record TraceSummary(String traceId, Instant start, long durationNanos, int spanCount, boolean error,
                               String rootService, String rootOperation) {
    }

    /**
     * One page of a trace search; {@code next} is null on the last page; {@code total} is the number of traces the
     * whole search matches (hot and warehouse), whatever page this is.
     */
    public record TracePage(List<TraceSummary> traces, TraceCursor next, long total) {
    }
}
