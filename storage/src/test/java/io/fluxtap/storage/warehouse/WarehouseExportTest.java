package io.fluxtap.storage.warehouse;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.fluxtap.storage.warehouse.WarehouseFixture.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarehouseExportTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z");
    private static final String ALL_LOGS = "SELECT * FROM logs ORDER BY ts, body";

    @TempDir
    Path tmp;

    private WarehouseFixture fx;

    @BeforeEach
    void open() {
        fx = new WarehouseFixture(tmp.resolve("data"), NOW, 2);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void closedHoursMoveToTheirPartitionAndTheViewShowsTheSameRows() throws Exception {
        fx.logs(log("api", Level.ERROR, "ten", Instant.parse("2026-11-22T10:15:00.123456Z"), "4bf92f3577b34da6a3ce929d0e0e4736"),
                log("web", Level.INFO, "ten later", Instant.parse("2026-11-22T10:59:59.999999Z"), null),
                log("api", Level.WARN, "eleven", Instant.parse("2026-11-22T11:00:00Z"), null),
                log("api", Level.INFO, "current hour stays hot", Instant.parse("2026-11-22T12:01:00Z"), null));
        List<List<String>> before = fx.rows(ALL_LOGS);

        List<WarehouseFile> files = fx.warehouse.exportClosedHours();

        assertEquals(2, files.size(), "one file per closed hour: " + files);
        assertTrue(files.get(0).path().matches("telemetry/logs/2026/11/22/10/logs_\\d{16}\\.parquet"), files.get(0).path());
        assertTrue(files.get(1).path().startsWith("telemetry/logs/2026/11/22/11/logs_"), files.get(1).path());
        assertEquals(1, fx.count("SELECT count(*) FROM active_logs"), "only the current hour is hot");
        assertEquals(before, fx.rows(ALL_LOGS), "the view answers exactly as before, column for column");
        assertEquals(files, fx.warehouse.files(), "the manifest lists exactly the written files");
        assertEquals(List.of(), fx.warehouse.exportClosedHours(), "nothing left to export");
    }

    @Test
    void theFileHasTheActiveTablesColumnsAndTypesSortedByEntityThenTime() throws Exception {
        fx.logs(log("web", Level.INFO, "b", Instant.parse("2026-11-22T10:00:02Z"), null),
                log("api", Level.INFO, "c", Instant.parse("2026-11-22T10:00:03Z"), null),
                log("api", Level.INFO, "a", Instant.parse("2026-11-22T10:00:01Z"), null));
        WarehouseFile file = fx.warehouse.exportClosedHours().getFirst();
        String parquet = "read_parquet('" + fx.dataDir.resolve(file.path()) + "')";

        assertEquals(fx.rows("SELECT column_name, replace(column_type, 'JSON', 'VARCHAR') FROM (DESCRIBE active_logs)"),
                fx.rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + parquet + ")"));
        assertEquals(List.of(List.of("api", "a"), List.of("api", "c"), List.of("web", "b")),
                fx.rows("SELECT entity_name, body FROM " + parquet));
        assertEquals(List.of(List.of("ZSTD")),
                fx.rows("SELECT DISTINCT compression FROM parquet_metadata('" + fx.dataDir.resolve(file.path()) + "')"));
    }

    @Test
    void lateRecordsBecomeAnotherFileOfTheHourAndCompactionMergesThem() throws Exception {
        LogRecord first = log("api", Level.INFO, "first", Instant.parse("2026-11-22T10:10:00Z"), null);
        fx.logs(first);
        fx.warehouse.exportClosedHours();
        fx.logs(log("api", Level.INFO, "late", Instant.parse("2026-11-22T10:05:00Z"), null));
        List<WarehouseFile> late = fx.warehouse.exportClosedHours();
        assertEquals(1, late.size());
        assertEquals(2, filesIn("telemetry/logs/2026/11/22/10").size(), "a second file in the same partition");
        List<List<String>> before = fx.rows(ALL_LOGS);

        List<WarehouseFile> compacted = fx.warehouse.compact();

        assertEquals(1, compacted.size());
        assertEquals(List.of(fx.dataDir.resolve(compacted.getFirst().path())), filesIn("telemetry/logs/2026/11/22/10"),
                "the old files are gone");
        assertEquals(compacted, fx.warehouse.files());
        assertEquals(before, fx.rows(ALL_LOGS));
        assertEquals(List.of(List.of("late"), List.of("first")),
                fx.rows("SELECT body FROM read_parquet('" + fx.dataDir.resolve(compacted.getFirst().path()) + "')"),
                "sorted by entity then time");
    }

    private List<Path> filesIn(String dir) throws Exception {
        try (Stream<Path> files = Files.list(fx.dataDir.resolve(dir))) {
            return files.sorted().toList();
        }
    }
}
