package io.fluxtap.storage.duck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.DbQueryTimings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labels of a statement, and the timings a real database reports through Jdbi and its writers. */
class QueryTimingLoggerTest {

    private final QueryTimingLogger logger = new QueryTimingLogger(() -> DbQueryTimings.NONE,
            Set.of("active_logs", "logs", "alerting_state", "metric_series"));

    @Test
    void theOperationIsTheFirstKeywordAndTheTableTheFirstOfTheSchemaNamed() {
        assertArrayEquals(new String[] {"select", "active_logs"},
                logger.classify("SELECT ts, body FROM active_logs WHERE entity_name = ? ORDER BY ts DESC"));
        assertArrayEquals(new String[] {"select", "logs"},
                logger.classify("  -- the console\n  with x as (select * from logs) select count(*) from x"));
        assertArrayEquals(new String[] {"insert", "alerting_state"},
                logger.classify("INSERT INTO main.alerting_state (namespace, key) VALUES (?, ?) ON CONFLICT DO UPDATE"));
        assertArrayEquals(new String[] {"delete", "active_logs"}, logger.classify("delete from \"active_logs\" where ts < ?"));
        assertArrayEquals(new String[] {"update", "metric_series"}, logger.classify("UPDATE metric_series SET help = ?"));
        assertArrayEquals(new String[] {"select", "read_parquet"},
                logger.classify("SELECT * FROM read_parquet(['a.parquet'], union_by_name = true)"));
        // Console SQL can name anything: what the schema does not have is not a label value.
        assertArrayEquals(new String[] {"select", "other"}, logger.classify("SELECT * FROM some_users_table"));
        assertArrayEquals(new String[] {"select", "other"}, logger.classify("SELECT 1"));
        assertArrayEquals(new String[] {"other", "other"}, logger.classify("PRAGMA database_size"));
    }

    @Test
    void aRealDatabaseReportsItsReadsAndWrites(@TempDir Path dir) {
        List<String> seen = new ArrayList<>();
        DbQueryTimings recording = (operation, table, nanos) -> {
            assertTrue(nanos >= 0, "negative duration");
            synchronized (seen) {
                seen.add(operation + " " + table);
            }
        };
        try (DuckDbDatabase db = new DuckDbDatabase(dir, 0, DuckDbResources.defaults(), () -> recording)) {
            new OneLogRecord(db).run();
            db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM active_logs").mapTo(Long.class).one());
        }
        synchronized (seen) {
            assertTrue(seen.contains("select active_logs"), "seen: " + seen);
            assertTrue(seen.contains("append active_logs"), "seen: " + seen);
            assertTrue(seen.contains("commit other"), "seen: " + seen);
        }
    }

    /** One log record through the store's own writer, as a lane writes it. */
    private record OneLogRecord(DuckDbDatabase db) {
        void run() {
            io.fluxtap.api.RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(io.fluxtap.api.Lane.P1);
            try {
                writer.write(new io.fluxtap.api.RecordBatch(io.fluxtap.api.Lane.P1,
                        io.fluxtap.testing.LoghubSamples.logRecords(i -> java.time.Instant.now()).subList(0, 1)));
            } finally {
                writer.close();
            }
            assertEquals(1L, (long) db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM active_logs")
                    .mapTo(Long.class).one()));
        }
    }
}
