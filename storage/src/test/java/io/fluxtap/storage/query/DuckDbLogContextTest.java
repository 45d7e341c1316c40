package io.fluxtap.storage.query;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fluxtap.storage.testing.Logs.BASE;
import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DuckDbLogQuery#context} and {@link DuckDbLogQuery#attributeKeys} over the {@code logs} view. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbLogContextTest {

    private DuckDbDatabase db;
    private DuckDbLogQuery query;

    @BeforeAll
    void store(@TempDir Path tmp) {
        db = new DuckDbDatabase(tmp);
        query = new DuckDbLogQuery(db);
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            logs.add(log("api", i == 5 ? Level.ERROR : Level.INFO, "api " + i, i * 10));
            // Another service in between, which the context of an api record never shows.
            logs.add(log("db", Level.INFO, "db " + i, i * 10 + 5));
        }
        // Three records of one service at one timestamp.
        logs.add(log("tie", Level.INFO, "tie a", 200));
        logs.add(log("tie", Level.INFO, "tie b", 200));
        logs.add(log("tie", Level.INFO, "tie c", 200));
        logs.add(log(null, Level.WARN, "nameless 1", 300));
        logs.add(log(null, Level.WARN, "nameless 2", 301));
        logs.add(attributed("keys old", 400, Map.of("old.key", "x")));
        logs.add(attributed("keys new", 500, Map.of("http.status_code", 503L, "user id", "u-1")));
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, logs));
        }
    }

    private static LogRecord attributed(String body, int second, Map<String, Object> attributes) {
        LogRecord plain = log("keys", Level.INFO, body, second);
        return new LogRecord(plain.timestamp(), plain.observedTimestamp(), null, null, null, null, "keys", null,
                Level.INFO, Level.INFO.severityNumber(), body, attributes, Map.of());
    }

    @AfterAll
    void close() {
        db.close();
    }

    /** The record as the store hands it out, as the dashboard has it when it asks. */
    private LogRecord stored(String service, String body) {
        return query.search(new LogSearch(service, Set.of(), body, null, null, 10, null)).stream()
                .filter(r -> r.body().equals(body)).findFirst().orElseThrow();
    }

    private static List<String> bodies(List<LogRecord> records) {
        return records.stream().map(LogRecord::body).toList();
    }

    @Test
    void theNeighboursOfTheSameServiceComeOldestFirstOnEitherSide() {
        LogContext context = query.context(stored("api", "api 5"), 3);

        assertEquals(List.of("api 2", "api 3", "api 4"), bodies(context.before()));
        assertEquals("api 5", context.record().body());
        assertEquals(List.of("api 6", "api 7", "api 8"), bodies(context.after()));
    }

    @Test
    void atTheEdgesASideHasWhatThereIs() {
        LogContext first = query.context(stored("api", "api 0"), 20);
        assertEquals(List.of(), first.before());
        assertEquals(9, first.after().size());
        assertEquals("api 9", first.after().getLast().body());

        LogContext last = query.context(stored("api", "api 9"), 20);
        assertEquals(9, last.before().size());
        assertEquals(List.of(), last.after());
    }

    @Test
    void recordsSharingTheTimestampFallOnEitherSideAndNoneTwice() {
        for (String body : List.of("tie a", "tie b", "tie c")) {
            LogContext context = query.context(stored("tie", body), 5);
            List<String> around = new ArrayList<>(bodies(context.before()));
            around.addAll(bodies(context.after()));
            assertEquals(2, around.size(), body + ": " + around);
            Set<String> all = new HashSet<>(around);
            all.add(body);
            assertEquals(Set.of("tie a", "tie b", "tie c"), all, body + ": " + around);
        }
    }

    @Test
    void aRecordWithoutServiceHasTheNamelessOnesAround() {
        LogContext context = query.context(stored(null, "nameless 2"), 5);

        assertEquals(List.of("nameless 1"), bodies(context.before()));
        assertEquals(List.of(), context.after());
    }

    @Test
    void aRecordTheStoreDoesNotHoldGetsTheNeighboursOfItsTimestamp() {
        LogContext context = query.context(log("api", Level.INFO, "never stored", 45), 2);

        assertEquals(List.of("api 3", "api 4"), bodies(context.before()));
        assertEquals(List.of("api 5", "api 6"), bodies(context.after()));
    }

    @Test
    void eachOutsideItsBoundsIsRefused() {
        LogRecord record = stored("api", "api 5");
        assertThrows(IllegalArgumentException.class, () -> query.context(record, 0));
        assertThrows(IllegalArgumentException.class, () -> query.context(record, LogContext.MAX_EACH + 1));
    }

    @Test
    void attributeKeysOfTheRangeAreDistinctAndSorted() {
        assertEquals(List.of("http.status_code", "old.key", "user id"), query.attributeKeys(null, null, 100));
        assertEquals(List.of("http.status_code", "user id"), query.attributeKeys(BASE.plusSeconds(450), null, 100));
        assertEquals(List.of("old.key"), query.attributeKeys(BASE.plusSeconds(400), BASE.plusSeconds(401), 100));
        assertEquals(List.of("http.status_code"), query.attributeKeys(null, null, 1));
        assertTrue(query.attributeKeys(BASE.plusSeconds(600), null, 100).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> query.attributeKeys(null, null, 0));
    }
}
