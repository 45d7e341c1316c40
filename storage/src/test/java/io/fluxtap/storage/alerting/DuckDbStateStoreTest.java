package io.fluxtap.storage.alerting;

import io.fluxtap.api.StateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.retention.RetentionPolicy;
import io.fluxtap.storage.retention.RetentionSweeper;
import io.fluxtap.storage.warehouse.Warehouse;
import io.fluxtap.storage.warehouse.WarehouseSignal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuckDbStateStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00.123456789Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private StateStore open() {
        if (db != null) {
            db.close();
        }
        db = new DuckDbDatabase(dir);
        return new DuckDbStateStore(db, CLOCK);
    }

    @Test
    void entriesSurviveReopeningTheDatabase() {
        StateStore store = open();
        Instant expires = Instant.parse("2026-11-27T12:00:00.654321Z");
        store.put("silences", "a", "{\"comment\":\"maintenance \\u00e9\",\"n\":[1,2.5]}", expires);
        store.put("silences", "b", "[]", null);
        store.put("nflog", "a", "{\"other\":\"namespace\"}", null);
        store.put("silences", "b", "{\"replaced\":true}", null);

        StateStore reopened = open();

        assertEquals(List.of(
                new StateStore.Entry("silences", "a", "{\"comment\":\"maintenance \\u00e9\",\"n\":[1,2.5]}", expires,
                        Instant.parse("2026-11-22T12:30:00.123456Z")),
                new StateStore.Entry("silences", "b", "{\"replaced\":true}", null,
                        Instant.parse("2026-11-22T12:30:00.123456Z"))),
                reopened.load("silences"), "documents exactly as put, times to the microsecond");
        reopened.delete("silences", "a");
        reopened.delete("silences", "never-there");
        assertEquals(List.of("b"), open().load("silences").stream().map(StateStore.Entry::key).toList());
        assertEquals(1, open().load("nflog").size());
    }

    @Test
    void expiredEntriesAreNotLoadedAndTheSweepDeletesThem() throws Exception {
        StateStore store = open();
        store.put("nflog", "gone", "{}", NOW.minusSeconds(1));
        store.put("nflog", "now", "{}", NOW);
        store.put("nflog", "kept", "{}", NOW.plusSeconds(1));

        assertEquals(List.of("kept"), store.load("nflog").stream().map(StateStore.Entry::key).toList(),
                "an entry expiring now is gone already");
        Map<WarehouseSignal, Duration> keep = new EnumMap<>(WarehouseSignal.class);
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            keep.put(signal, Duration.ofDays(90));
        }
        RetentionSweeper sweeper = new RetentionSweeper(db,
                new Warehouse(db, new MessageWireViews(db, List.of()), 1 << 20, 4, Long.MAX_VALUE, CLOCK),
                new RetentionPolicy(keep), Duration.ofMinutes(10), CLOCK);

        assertEquals(2, sweeper.sweep().stateEntries());
        assertEquals(Long.valueOf(1), db.jdbi().<Long, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM alerting_state")
                .mapTo(Long.class).one()));
    }

    @Test
    void aWriteAppliesItsPutsAndDeletesInOrderAndOneWithABadDocumentWritesNone() {
        StateStore store = open();
        store.put("alerts", "gone", "[1]", null);
        store.write("alerts", List.of(StateStore.Write.put("a", "[1]", null), StateStore.Write.delete("gone"),
                StateStore.Write.put("b", "[2]", null), StateStore.Write.put("a", "[3]", null),
                StateStore.Write.delete("never-stored")));
        assertEquals(Map.of("a", "[3]", "b", "[2]"), documents(open().load("alerts")), "committed, in order");

        StateStore reopened = open();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reopened.write("alerts",
                List.of(StateStore.Write.delete("a"), StateStore.Write.put("c", "[4]", null),
                        StateStore.Write.put("d", "{not json", null))));
        assertTrue(e.getMessage().contains("alerts/d"), e.getMessage());
        assertEquals(Map.of("a", "[3]", "b", "[2]"), documents(reopened.load("alerts")), "nothing of it written");
    }

    @Test
    void aWriteOfManyDocumentsIsCommittedTogetherAsTheLastWriteOfEachKeySays() {
        StateStore store = open();
        for (int i = 0; i < 5; i++) {
            store.put("alerts", "old-" + i, "[" + i + "]", null);
        }
        store.put("silences", "old-0", "{}", null);
        List<StateStore.Write> writes = new java.util.ArrayList<>();
        Map<String, String> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            writes.add(StateStore.Write.put("new-" + i, "{\"n\":" + i + "}", i % 2 == 0 ? null : NOW.plusSeconds(60)));
            expected.put("new-" + i, "{\"n\":" + i + "}");
        }
        writes.add(StateStore.Write.delete("old-1"));
        writes.add(StateStore.Write.delete("old-2"));
        writes.add(StateStore.Write.put("old-2", "[\"back\"]", null));
        writes.add(StateStore.Write.put("new-3", "[\"again\"]", null));
        writes.add(StateStore.Write.delete("new-4"));
        writes.add(StateStore.Write.delete("old-0"));
        assertTrue(writes.size() > DuckDbStateStore.STATEMENT_BATCH_LIMIT, "the set-based path is the one tested");
        store.write("alerts", writes);
        expected.put("old-2", "[\"back\"]");
        expected.put("old-3", "[3]");
        expected.put("old-4", "[4]");
        expected.put("new-3", "[\"again\"]");
        expected.remove("new-4");

        StateStore reopened = open();
        List<StateStore.Entry> entries = reopened.load("alerts");
        assertEquals(expected, documents(entries));
        assertEquals(NOW.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS), entries.stream().filter(e -> e.key().equals("new-1")).findFirst()
                .orElseThrow().expiresAt());
        assertEquals(Map.of("old-0", "{}"), documents(reopened.load("silences")), "another namespace untouched");

        writes.set(0, StateStore.Write.put("new-0", "{broken", null));
        assertThrows(IllegalArgumentException.class, () -> reopened.write("alerts", writes));
        assertEquals(expected, documents(reopened.load("alerts")), "a batch with a bad document writes nothing");
        reopened.write("alerts", writes.subList(1, writes.size()));
        assertEquals(expected.size(), reopened.load("alerts").size(), "the scratch table is clean for the next batch");
    }

    private static Map<String, String> documents(List<StateStore.Entry> entries) {
        Map<String, String> out = new java.util.TreeMap<>();
        entries.forEach(e -> out.put(e.key(), e.json()));
        return out;
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        StateStore store = open();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.put("nflog", "k", "{not json", null));
        assertTrue(e.getMessage().startsWith("the document of nflog/k is no JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.put("", "k", "{}", null));
        assertThrows(IllegalArgumentException.class, () -> store.put("nflog", "", "{}", null));
        assertEquals(List.of(), store.load("nflog"));
    }
}
