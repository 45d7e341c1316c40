package io.fluxtap.storage.duck;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.query.DuckDbMessageQuery;
import io.fluxtap.storage.query.DuckDbMessageQuery.StoredMessage;
import io.fluxtap.storage.testing.Logs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActiveMessagesTableTest {

    private static final Instant TS = Instant.parse("2026-11-22T10:00:00.123456789Z");

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private DuckDbRecordSink sink;
    private DuckDbMessageQuery query;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        sink = new DuckDbRecordSink(db);
        query = new DuckDbMessageQuery(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aMessageIsStoredWithEveryColumnAndItsTextAsSent() {
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", "411111");
        promoted.put("amount", 12.5);
        promoted.put("mcc", 5411L);
        promoted.put("approved", true);
        promoted.put("settled_at", Instant.parse("2026-11-22T11:00:00.5Z"));
        String json = "{ \"card\": {\"bin\": \"411111\"},\n \"amount\": 12.5, \"note\": \"ünïcødé \\u00e9\" }";
        BusinessMessage message = new BusinessMessage("fluxSpec/visa-v1", -1L, TS, promoted, json,
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "pos-7", "acquirer", "auth");

        write(7, message);

        StoredMessage stored = query.find("fluxSpec/visa-v1", null, null, null, 10).getFirst();
        assertEquals(new StoredMessage("18446744073709551615", Instant.parse("2026-11-22T10:00:00.123456Z"),
                "fluxSpec/visa-v1", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "pos-7", "acquirer",
                "auth", "{\"bin\":\"411111\",\"amount\":12.5,\"mcc\":5411,\"approved\":true,"
                + "\"settled_at\":\"2026-11-22T11:00:00.500000Z\"}", json), stored);
        assertEquals(7L, appliedP0(), "same transaction as the rows");
        assertNull(db.jdbi().withHandle(h -> h.createQuery("SELECT level FROM active_messages").mapTo(String.class).one()),
                "a business message has no severity");
    }

    @Test
    void aFluxIdStoredAlreadyForItsWireIsSkippedAndTheFirstCopyKept() {
        write(1, message("payments", 42, "first"), message("payments", 43, "other"));
        write(2, message("payments", 42, "retry"), message("refunds", 42, "same id, other wire"),
                message("payments", 44, "new"), message("payments", 44, "twice in one batch"));

        assertEquals(List.of("first", "other", "new"), notes("payments"));
        assertEquals(List.of("same id, other wire"), notes("refunds"));
        assertEquals(2L, appliedP0(), "the batch committed around the skipped messages");
    }

    @Test
    void aBatchThatFailsLeavesNothingOfItsLogsOrMessages() {
        BusinessMessage unstorable = new BusinessMessage("payments", 9, TS, Map.of("tags", List.of("a")), "{}",
                null, null, null, null, null);
        RecordBatch batch = new RecordBatch(Lane.P0, List.of(Logs.log("svc", Level.INFO, "log beside", 0)), List.of(),
                List.of(), List.of(message("payments", 8, "good"), unstorable), 3);

        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            assertThrows(StoreException.class, () -> writer.write(batch));
            writer.write(new RecordBatch(Lane.P0, List.of(), List.of(), List.of(), List.of(message("payments", 10, "after")), 4));
        }

        assertEquals(List.of("after"), notes("payments"), "the writer's staging is clean after the rollback");
        long logs = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM active_logs").mapTo(Long.class).one());
        assertEquals(0L, logs);
    }

    @Test
    void findFiltersByFluxIdAndTimeNewestFirst() {
        write(1, message("payments", 1, "a", TS), message("payments", 2, "b", TS.plusSeconds(10)),
                message("payments", 3, "c", TS.plusSeconds(20)));

        assertEquals(List.of("c", "b", "a"), query.find("payments", null, null, null, 10).stream()
                .map(ActiveMessagesTableTest::note).toList());
        assertEquals(List.of("b"), query.find("payments", "2", null, null, 10).stream().map(ActiveMessagesTableTest::note).toList());
        assertEquals(List.of("b"), query.find("payments", null, TS.plusSeconds(5), TS.plusSeconds(20), 10).stream()
                .map(ActiveMessagesTableTest::note).toList(), "from inclusive, to exclusive");
        assertEquals(List.of("c"), query.find("payments", null, null, null, 1).stream().map(ActiveMessagesTableTest::note).toList());
        assertEquals(List.of(), query.find("refunds", null, null, null, 10));
    }

    private long appliedP0() {
        return db.jdbi().withHandle(h -> WalAppliedTable.applied(h, Lane.P0));
    }

    private void write(long walLsn, BusinessMessage... messages) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            writer.write(new RecordBatch(Lane.P0, List.of(), List.of(), List.of(), List.of(messages), walLsn));
        }
    }

    private List<String> notes(String wireId) {
        return query.find(wireId, null, null, null, 100).stream().map(ActiveMessagesTableTest::note)
                .toList().reversed();
    }

    private static String note(StoredMessage message) {
        return message.json().replaceAll(".*\"note\":\"([^\"]*)\".*", "$1");
    }

    private static BusinessMessage message(String wire, long fluxId, String note) {
        return message(wire, fluxId, note, TS.plusMillis(fluxId));
    }

    private static BusinessMessage message(String wire, long fluxId, String note, Instant ts) {
        return new BusinessMessage(wire, fluxId, ts, Map.of("amount", 1.0), "{\"note\":\"" + note + "\"}",
                null, null, null, null, null);
    }
}
