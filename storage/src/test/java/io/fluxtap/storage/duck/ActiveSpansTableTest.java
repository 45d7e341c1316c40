package io.fluxtap.storage.duck;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.StoreException;
import io.fluxtap.api.SpanRecord.SpanKind;
import io.fluxtap.api.SpanRecord.StatusCode;
import io.fluxtap.storage.query.DuckDbLogQuery;
import io.fluxtap.storage.query.DuckDbTraceQuery;
import io.fluxtap.storage.query.DuckDbTraceQuery.StoredSpan;
import io.fluxtap.storage.testing.Logs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spans through the real sink into a real DuckDB file, read back through the trace query. */
class ActiveSpansTableTest {

    private static final String TRACE = "5b8efff798038103d269b633813fc60c";
    private static final Instant START = Instant.parse("2026-11-22T10:00:00.123456789Z");
    private static final Instant END = Instant.parse("2026-11-22T10:00:01.500000001Z");

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private DuckDbRecordSink sink;
    private DuckDbTraceQuery query;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        sink = new DuckDbRecordSink(db);
        query = new DuckDbTraceQuery(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyFieldReadsBackAsWritten() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1L);
        nested.put("a", List.of("x", 2.5, false));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("long", Long.MAX_VALUE);
        attributes.put("whole.double", 2.0);
        attributes.put("nothing", null);
        attributes.put("map", nested);
        Map<String, Object> eventAttributes = new LinkedHashMap<>();
        eventAttributes.put("exception.message", "Grüße 👋 \"quoted\"");
        eventAttributes.put("exception.escaped", true);
        SpanRecord full = new SpanRecord(TRACE, "eee19b7ec3c1b174", "eee19b7ec3c1b173", "vendor=a,other=b",
                0x80000301, "POST /checkout", SpanKind.SERVER, START, END, StatusCode.ERROR, "declined",
                Long.MIN_VALUE, "host-7", "payments", "checkout-worker", "io.fluxtap.checkout", "1.2.3",
                attributes, Map.of("service.name", "payments"),
                List.of(new SpanRecord.Event(START.plusNanos(999), "exception", eventAttributes, -1),
                        new SpanRecord.Event(END, "done", Map.of(), 0)),
                List.of(new SpanRecord.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "k=v", 0x80000001,
                                Map.of("link.reason", "retry-of"), 2),
                        new SpanRecord.Link("", "", null, 0, Map.of(), 0)),
                3, 0x80000000, 5);

        write(List.of(full));

        List<StoredSpan> read = query.trace(TRACE);
        assertEquals(1, read.size());
        StoredSpan back = read.getFirst();
        assertEquals(1_376_543_212L, back.durationNanos(), "exact, from the nanosecond instants");
        assertEquals(full, back.span(), "everything, the nanoseconds of the start and end too");
        assertEquals(full.events(), back.span().events(), "event times keep their nanoseconds");
        assertEquals(List.copyOf(attributes.keySet()), List.copyOf(back.span().attributes().keySet()), "key order kept");
        assertInstanceOf(Long.class, back.span().attributes().get("long"));
        assertInstanceOf(Double.class, back.span().attributes().get("whole.double"));
        assertEquals(Level.ERROR, back.span().level());
    }

    @Test
    void sharedColumnsComeFirstAsDesignNamesThem() {
        List<String> columns = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_name = 'active_spans' ORDER BY ordinal_position""")
                .mapTo(String.class).list());
        assertEquals(List.of("ts", "trace_id", "span_id", "flux_id", "machine_id", "entity_name", "gear_id", "level",
                "end_ts", "duration_ns", "parent_span_id", "trace_state", "flags", "name", "kind", "status_code",
                "status_message", "scope_name", "scope_version", "attributes", "resource", "events", "links",
                "dropped_attributes_count", "dropped_events_count", "dropped_links_count", "scope_attributes",
                "start_time_unix_nano", "end_time_unix_nano"), columns);
    }

    @Test
    void storedValuesAreWhatSqlUsersSee() {
        SpanRecord withEvent = new SpanRecord(TRACE, "eee19b7ec3c1b174", null, null, 1, "GET /cart", SpanKind.CLIENT,
                START, END, StatusCode.ERROR, null, -1L, null, "svc", null, null, null, Map.of("k", 5L), Map.of(),
                List.of(new SpanRecord.Event(START, "retry", Map.of("n", 2L), 0)), List.of(), 0, 0, 0);
        write(List.of(withEvent));

        Map<String, Object> row = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT ts = TIMESTAMPTZ '2026-11-22 11:00:00.123456+01' AS ts_is_start, level, kind, status_code,
                       flags, duration_ns, flux_id::VARCHAR AS flux_id, json_extract(attributes, '$.k')::BIGINT AS k,
                       events->0->>'name' AS event_name, (events->0->>'time')::TIMESTAMPTZ = ts AS event_at_start,
                       (events->0->'attributes'->>'n')::INTEGER AS event_n, links::VARCHAR AS links_text,
                       resource::VARCHAR AS resource_text
                FROM active_spans""").mapToMap().one());
        assertEquals(true, row.get("ts_is_start"));
        assertEquals("error", row.get("level"));
        assertEquals("client", row.get("kind"));
        assertEquals("error", row.get("status_code"));
        assertEquals(1L, ((Number) row.get("flags")).longValue());
        assertEquals(1_376_543_212L, row.get("duration_ns"));
        assertEquals("18446744073709551615", row.get("flux_id"));
        assertEquals(5L, row.get("k"));
        assertEquals("retry", row.get("event_name"));
        assertEquals(true, row.get("event_at_start"));
        assertEquals(2, row.get("event_n"));
        assertEquals("[]", row.get("links_text"));
        assertEquals("{}", row.get("resource_text"));
    }

    @Test
    void aTraceComesBackOrderedByStartTimeAndOnlyItsOwnSpans() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        SpanRecord late = span("0000000000000003", "0000000000000001", t.plusMillis(20), t.plusMillis(30), StatusCode.OK);
        SpanRecord root = span("0000000000000001", null, t, t.plusMillis(100), StatusCode.UNSET);
        SpanRecord sameStartShorter = span("0000000000000002", "0000000000000001", t, t.plusMillis(10), StatusCode.UNSET);
        SpanRecord otherTrace = new SpanRecord("0af7651916cd43dd8448eb211c80319c", "0000000000000009", null, null, 0,
                "other", SpanKind.INTERNAL, t, t, StatusCode.UNSET, null, null, null, null, null, null, null,
                Map.of(), Map.of(), List.of(), List.of(), 0, 0, 0);
        write(List.of(late, otherTrace, sameStartShorter));
        write(List.of(root));

        assertEquals(List.of("0000000000000001", "0000000000000002", "0000000000000003"),
                query.trace(TRACE).stream().map(s -> s.span().spanId()).toList());
        assertEquals(List.of(100_000_000L, 10_000_000L, 10_000_000L),
                query.trace(TRACE).stream().map(StoredSpan::durationNanos).toList());
        assertEquals(List.of(), query.trace("00000000000000000000000000000001"));
    }

    @Test
    void logsAndSpansOfABatchCommitTogetherOrNotAtAll() {
        LogRecord log = Logs.log("svc", Level.INFO, "with a span", 1);
        SpanRecord good = span("0000000000000001", null, START, END, StatusCode.OK);
        SpanRecord unstorable = copyWithTimes(good, Instant.MAX, Instant.MAX);
        DuckDbLogQuery logs = new DuckDbLogQuery(db);

        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            assertThrows(StoreException.class, () ->
                    writer.write(new RecordBatch(Lane.P2, List.of(log), List.of(good, unstorable), List.of(),
                            RecordBatch.NO_WAL)));
            assertTrue(query.trace(TRACE).isEmpty(), "no span of the failed batch");
            assertTrue(logs.search(LogSearch.recent(10)).isEmpty(), "no log of the failed batch");

            writer.write(new RecordBatch(Lane.P2, List.of(log), List.of(good), List.of(), RecordBatch.NO_WAL));
        }
        assertEquals(1, query.trace(TRACE).size());
        assertEquals(1, logs.search(LogSearch.recent(10)).size());
    }

    @Test
    void aBatchBiggerThanAnAppenderChunkIsStoredWhole() {
        List<SpanRecord> spans = new ArrayList<>();
        for (int i = 0; i < 2 * 2048 + 7; i++) {
            spans.add(span("%016x".formatted(i + 1), null, START.plusMillis(i), END.plusMillis(i), StatusCode.UNSET));
        }
        write(spans);
        assertEquals(spans.size(), query.trace(TRACE).size());
    }

    private void write(List<SpanRecord> spans) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), spans, List.of(), RecordBatch.NO_WAL));
        }
    }

    private static SpanRecord span(String spanId, String parent, Instant start, Instant end, StatusCode status) {
        return new SpanRecord(TRACE, spanId, parent, null, 1, "op " + spanId, SpanKind.INTERNAL, start, end, status,
                null, null, null, "svc", null, null, null, Map.of(), Map.of(), List.of(), List.of(), 0, 0, 0);
    }

    private static SpanRecord copyWithTimes(SpanRecord s, Instant start, Instant end) {
        return new SpanRecord(s.traceId(), s.spanId(), s.parentSpanId(), s.traceState(), s.flags(), s.name(), s.kind(),
                start, end, s.statusCode(), s.statusMessage(), s.fluxId(), s.machineId(), s.entityName(), s.gearId(),
                s.scopeName(), s.scopeVersion(), s.attributes(), s.resource(), s.events(), s.links(),
                s.droppedAttributesCount(), s.droppedEventsCount(), s.droppedLinksCount());
    }
}
