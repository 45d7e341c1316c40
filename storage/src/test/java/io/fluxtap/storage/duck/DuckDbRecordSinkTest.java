package io.fluxtap.storage.duck;

import io.fluxtap.api.MetricSample;

import io.fluxtap.api.BusinessMessage;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.query.DuckDbLogQuery;
import io.fluxtap.storage.testing.Logs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuckDbRecordSinkTest {

    private static final long FLUX_ID_2_POW_63 = Long.MIN_VALUE;
    private static final long FLUX_ID_MAX = -1L;

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private DuckDbRecordSink sink;
    private DuckDbLogQuery query;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        sink = new DuckDbRecordSink(db);
        query = new DuckDbLogQuery(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyColumnReadsBackAsWritten() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1L);
        nested.put("a", List.of("x", 2L, 3.5, false, Map.of("deep", "yes")));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("str", "wert ✓");
        attributes.put("long", Long.MAX_VALUE);
        attributes.put("double", 0.1);
        attributes.put("whole.double", 2.0);
        attributes.put("bool", true);
        attributes.put("nothing", null);
        attributes.put("list", List.of(1L, "two", List.of()));
        attributes.put("map", nested);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("service.name", "checkout");
        resource.put("host.id", "h-1");

        LogRecord full = new LogRecord(
                Instant.parse("2026-11-22T10:00:00.123456Z"), Instant.parse("2026-11-22T10:00:01.654321Z"),
                "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", FLUX_ID_2_POW_63,
                "h-1", "checkout", "payments", Level.ERROR, 18,
                "Zahlung fehlgeschlagen: Grüße 👋 日本語\n\t\"quoted\" 'single' \\ back", attributes, resource);
        LogRecord max = new LogRecord(Instant.parse("2026-11-22T09:00:00Z"), Instant.parse("2026-11-22T09:00:00Z"),
                null, null, FLUX_ID_MAX, null, null, null, Level.UNSPECIFIED, 0, "", Map.of(), Map.of());
        LogRecord small = new LogRecord(Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2026-11-22T08:00:00Z"),
                null, null, 42L, null, "old", null, Level.FATAL, 21, "before the epoch", Map.of(), Map.of());

        write(Lane.P1, List.of(full, max, small));

        List<LogRecord> read = query.search(LogSearch.recent(10));
        assertEquals(List.of(full, max, small), read);
        LogRecord back = read.getFirst();
        assertEquals(List.copyOf(attributes.keySet()), List.copyOf(back.attributes().keySet()), "key order kept");
        assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) back.attributes().get("map")).keySet()));
        assertInstanceOf(Long.class, back.attributes().get("long"));
        assertInstanceOf(Double.class, back.attributes().get("whole.double"));
        assertInstanceOf(Boolean.class, back.attributes().get("bool"));
        assertTrue(back.attributes().containsKey("nothing"));
        assertNull(back.attributes().get("nothing"));
        assertEquals(FLUX_ID_2_POW_63, back.fluxId());
        assertNull(read.get(1).traceId());
    }

    @Test
    void unsignedFluxIdsAreStoredAsTheirUnsignedValue() {
        write(Lane.P0, List.of(fluxLog(FLUX_ID_2_POW_63, 1), fluxLog(FLUX_ID_MAX, 2), fluxLog(7L, 3)));

        List<String> asText = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT flux_id::VARCHAR FROM active_logs ORDER BY flux_id").mapTo(String.class).list());
        assertEquals(List.of("7", "9223372036854775808", "18446744073709551615"), asText);
        long found = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM active_logs WHERE flux_id = 18446744073709551615").mapTo(Long.class).one());
        assertEquals(1, found);
    }

    @Test
    void storedValuesAreWhatTheSeedQueriesAndSqlUsersSee() {
        LogRecord record = new LogRecord(Instant.parse("2026-11-22T10:00:00.5Z"), Instant.parse("2026-11-22T10:00:01Z"),
                null, null, null, null, "svc", "gear-7", Level.WARN, 13, "disk", Map.of("k", 5L), Map.of());
        write(Lane.P1, List.of(record));

        Map<String, Object> row = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT ts = TIMESTAMPTZ '2026-11-22 11:00:00.5+01' AS same_instant, level, severity_number,
                       json_extract(attributes, '$.k')::BIGINT AS k, attributes::VARCHAR AS attributes_text,
                       resource::VARCHAR AS resource_text
                FROM active_logs""").mapToMap().one());
        assertEquals(true, row.get("same_instant"));
        assertEquals("warn", row.get("level"));
        assertEquals(13, row.get("severity_number"));
        assertEquals(5L, row.get("k"));
        assertEquals("{\"k\":5}", row.get("attributes_text"));
        assertEquals("{}", row.get("resource_text"));
    }

    @Test
    void nanosecondsBelowTheMicrosecondSurviveBesideTheMicrosecondTs() {
        write(Lane.P1, List.of(log("svc", Level.INFO, "nanos", Instant.parse("2026-11-22T10:00:00.123456789Z"))));
        assertEquals(Instant.parse("2026-11-22T10:00:00.123456789Z"), query.search(LogSearch.recent(1)).getFirst().timestamp());
        assertEquals("2026-11-22 10:00:00.123456+00 1795341600123456789", db.jdbi().withHandle(h -> h.createQuery(
                "SELECT strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f+00') || ' ' || time_unix_nano FROM active_logs")
                .mapTo(String.class).one()), "ts keeps microseconds, time_unix_nano the rest");
    }

    @Test
    void aBatchThatFailsPartWayLeavesNothingAndTheWriterCarriesOn() {
        // The Appender moves every full chunk of 2048 rows into the table as it goes, so by the time the
        // bad row is reached most of the batch is already inside the transaction that must be rolled back.
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < 2 * 2048 + 100; i++) {
            batch.add(log("atomic", Level.INFO, "row " + i, i));
        }
        batch.set(batch.size() - 2, new LogRecord(Logs.BASE, Logs.BASE, null, null, null, null, "atomic", null,
                Level.INFO, 9, "no JSON form", Map.of("bad", new Object()), Map.of()));

        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            StoreException e = assertThrows(StoreException.class, () -> writer.write(new RecordBatch(Lane.P1, batch)));
            assertTrue(e.getMessage().contains("lane P1"), e.getMessage());
            assertEquals(0, countRows(), "nothing of the failed batch is visible");

            writer.write(new RecordBatch(Lane.P1, batch.subList(0, 10)));
        }
        assertEquals(10, countRows());
    }

    @Test
    void aSeriesOfARolledBackBatchIsNotTakenAsStoredSoItsNextWriteStoresIt() {
        MetricSample sample = new MetricSample(Logs.BASE, "rolled_back", Map.of("job", "x"), 1.0,
                MetricSample.MetricType.GAUGE, null, null, null, null, "svc", null, List.of());
        // The message, written after the metrics in the same transaction, cannot be stored: the whole batch goes.
        BusinessMessage unstorable = new BusinessMessage("fluxSpec/visa-v1", 7, Instant.MAX, Map.of(), "{}", null,
                null, null, "svc", null);
        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            assertThrows(StoreException.class, () -> writer.write(new RecordBatch(Lane.P0, List.of(), List.of(),
                    List.of(sample), List.of(unstorable), RecordBatch.NO_WAL)));
            assertEquals(0, db.knownSeries().size(), "a rolled-back series is not remembered");
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), List.of(sample), RecordBatch.NO_WAL));
        }
        assertEquals(List.of("rolled_back"), db.jdbi().withHandle(h -> h.createQuery(
                "SELECT metric_name FROM metric_series").mapTo(String.class).list()));
        assertEquals(1, db.knownSeries().size());
    }

    @Test
    void theWalPositionCommitsWithTheRowsPerLane() {
        assertEquals(RecordBatch.NO_WAL, sink.appliedWalLsn(Lane.P0), "nothing applied yet");
        try (RecordSink.Writer p0 = sink.openWriter(Lane.P0); RecordSink.Writer p1 = sink.openWriter(Lane.P1)) {
            p0.write(new RecordBatch(Lane.P0, List.of(log("wal", Level.INFO, "a", 1)), 5));
            p0.write(new RecordBatch(Lane.P0, List.of(log("wal", Level.INFO, "b", 2)), 9));
            p1.write(new RecordBatch(Lane.P1, List.of(log("wal", Level.INFO, "c", 3)), 3));
            p1.write(new RecordBatch(Lane.P1, List.of(log("wal", Level.INFO, "d", 4))));
        }
        assertEquals(9, sink.appliedWalLsn(Lane.P0));
        assertEquals(3, sink.appliedWalLsn(Lane.P1), "a batch without a WAL position leaves the lane's alone");
        assertEquals(RecordBatch.NO_WAL, sink.appliedWalLsn(Lane.P2));
    }

    @Test
    void aFailedBatchDoesNotAdvanceTheWalPosition() {
        LogRecord unstorable = new LogRecord(Instant.MAX, Logs.BASE, null, null, null, null, "wal", null, Level.INFO, 9,
                "too far", Map.of(), Map.of());
        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, List.of(log("wal", Level.INFO, "stored", 1)), 4));
            assertThrows(StoreException.class, () -> writer.write(new RecordBatch(Lane.P1, List.of(unstorable), 8)));
        }
        assertEquals(4, sink.appliedWalLsn(Lane.P1));
        assertEquals(1, countRows());
    }

    @Test
    void aTimestampOutsideTheStoresRangeFailsTheWholeBatch() {
        List<LogRecord> batch = List.of(
                log("range", Level.INFO, "fine", 1),
                new LogRecord(Instant.MAX, Logs.BASE, null, null, null, null, "range", null, Level.INFO, 9, "too far",
                        Map.of(), Map.of()));
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            assertThrows(StoreException.class, () -> writer.write(new RecordBatch(Lane.P2, batch)));
        }
        assertEquals(0, countRows());
    }

    @Test
    void twoLaneWritersAppendConcurrently() throws Exception {
        int batches = 40;
        int perBatch = 250;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RecordSink.Writer p1 = sink.openWriter(Lane.P1); RecordSink.Writer p2 = sink.openWriter(Lane.P2)) {
            Future<?> a = pool.submit(() -> writeMany(p1, Lane.P1, "lane-p1", batches, perBatch));
            Future<?> b = pool.submit(() -> writeMany(p2, Lane.P2, "lane-p2", batches, perBatch));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> perEntity = new LinkedHashMap<>();
        db.jdbi().useHandle(h -> h.createQuery(
                        "SELECT entity_name, count(*) AS n, count(DISTINCT body) AS distinct_bodies FROM active_logs GROUP BY 1 ORDER BY 1")
                .mapToMap().forEach(row -> {
                    assertEquals(row.get("n"), row.get("distinct_bodies"));
                    perEntity.put((String) row.get("entity_name"), (Long) row.get("n"));
                }));
        assertEquals(Map.of("lane-p1", (long) batches * perBatch, "lane-p2", (long) batches * perBatch), perEntity);
    }

    @Test
    void anEmptyBatchIsANoOp() {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            writer.write(new RecordBatch(Lane.P0, List.of()));
        }
        assertEquals(0, countRows());
    }

    private static void writeMany(RecordSink.Writer writer, Lane lane, String entity, int batches, int perBatch) {
        for (int b = 0; b < batches; b++) {
            LogRecord[] logs = new LogRecord[perBatch];
            for (int i = 0; i < perBatch; i++) {
                logs[i] = log(entity, Level.INFO, entity + " " + b + "/" + i, b * perBatch + i);
            }
            writer.write(new RecordBatch(lane, Arrays.asList(logs)));
        }
    }

    private void write(Lane lane, List<LogRecord> logs) {
        try (RecordSink.Writer writer = sink.openWriter(lane)) {
            writer.write(new RecordBatch(lane, logs));
        }
    }

    private long countRows() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM active_logs").mapTo(Long.class).one());
    }

    private static LogRecord fluxLog(long fluxId, int second) {
        LogRecord base = log("flux", Level.INFO, "id " + Long.toUnsignedString(fluxId), second);
        return new LogRecord(base.timestamp(), base.observedTimestamp(), null, null, fluxId, null, base.entityName(),
                null, base.level(), base.severityNumber(), base.body(), Map.of(), Map.of());
    }
}
