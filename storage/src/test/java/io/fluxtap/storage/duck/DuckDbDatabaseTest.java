package io.fluxtap.storage.duck;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogSearch;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.query.DuckDbLogQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuckDbDatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void createsMissingDirectoriesAndTheActiveLogsTableWithTheDesignColumns() {
        Path dataDir = tmp.resolve("a/b/data");
        try (DuckDbDatabase db = new DuckDbDatabase(dataDir)) {
            assertTrue(Files.isRegularFile(dataDir.resolve("fluxtap.duckdb")));
            assertEquals(dataDir.resolve("fluxtap.duckdb").toAbsolutePath(), db.file());

            List<String> columns = db.jdbi().withHandle(h -> h.createQuery("""
                            SELECT column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END
                            FROM information_schema.columns WHERE table_name = 'active_logs' ORDER BY ordinal_position""")
                    .mapTo(String.class).list());
            assertEquals(List.of(
                    "ts TIMESTAMP WITH TIME ZONE NOT NULL",
                    "observed_ts TIMESTAMP WITH TIME ZONE",
                    "trace_id VARCHAR",
                    "span_id VARCHAR",
                    "flux_id UBIGINT",
                    "machine_id VARCHAR",
                    "entity_name VARCHAR",
                    "gear_id VARCHAR",
                    "level VARCHAR NOT NULL",
                    "severity_number INTEGER",
                    "body VARCHAR",
                    "attributes JSON",
                    "resource JSON",
                    "severity_text VARCHAR",
                    "scope_name VARCHAR",
                    "scope_version VARCHAR",
                    "scope_attributes JSON",
                    "time_unix_nano UBIGINT",
                    "observed_time_unix_nano UBIGINT"), columns);
            assertEquals(allVersions(), versions(db));
        }
    }

    @Test
    void reopeningKeepsTheDataAndDoesNotRerunMigrations() {
        long firstAppliedAt;
        try (DuckDbDatabase db = new DuckDbDatabase(tmp)) {
            try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P1)) {
                writer.write(new RecordBatch(Lane.P1, List.of(log("svc", Level.INFO, "kept", 1))));
            }
            firstAppliedAt = appliedAt(db);
        }
        try (DuckDbDatabase db = new DuckDbDatabase(tmp)) {
            assertEquals(allVersions(), versions(db));
            assertEquals(firstAppliedAt, appliedAt(db));
            var logs = new DuckDbLogQuery(db).search(LogSearch.recent(10));
            assertEquals(1, logs.size());
            assertEquals("kept", logs.getFirst().body());
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedFailsWithAMessageNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Path dataDir = file.resolve("data");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DuckDbDatabase(dataDir));
        assertTrue(e.getMessage().startsWith("Cannot create the data directory " + dataDir), e.getMessage());
        assertTrue(e.getMessage().contains("fluxtap.data.dir"), e.getMessage());
    }

    @Test
    void closingTheDatabaseClosesWritersAndRefusesNewOnes() {
        DuckDbDatabase db = new DuckDbDatabase(tmp);
        DuckDbRecordSink sink = new DuckDbRecordSink(db);
        RecordSink.Writer writer = sink.openWriter(Lane.P2);
        db.close();

        assertFalse(db.isOpen());
        RecordBatch batch = new RecordBatch(Lane.P2, List.of(log("svc", Level.DEBUG, "late", 1)));
        assertThrows(StoreException.class, () -> writer.write(batch));
        StoreException refused = assertThrows(StoreException.class, () -> sink.openWriter(Lane.P2));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    /** Every migration of the schema's history, so a new table's migration needs no change here. */
    private static List<Integer> allVersions() {
        return SchemaMigrations.ALL.stream().map(Migration::version).toList();
    }

    private static List<Integer> versions(DuckDbDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT version FROM schema_migrations ORDER BY version")
                .mapTo(Integer.class).list());
    }

    private static long appliedAt(DuckDbDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT epoch_us(applied_at) FROM schema_migrations WHERE version = 1")
                .mapTo(Long.class).one());
    }
}
