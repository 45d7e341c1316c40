package io.fluxtap.storage.warehouse;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.api.Level;
import io.fluxtap.storage.health.WarehouseHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.fluxtap.storage.warehouse.WarehouseFixture.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What start-up finds after a crash in each step of an export or compaction, and what it leaves. */
class WarehouseRecoveryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z");

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
    void startUpRemovesTemporaryAndUnlistedFilesAndKeepsListedOnes() throws Exception {
        fx.logs(log("api", Level.INFO, "exported", Instant.parse("2026-11-22T10:00:00Z"), null));
        WarehouseFile listed = fx.warehouse.exportClosedHours().getFirst();
        Path partition = fx.dataDir.resolve("telemetry/logs/2026/11/22/10");
        // An export that died before its rename, and one that died after the rename but before its commit.
        Path temp = Files.copy(fx.dataDir.resolve(listed.path()), partition.resolve(".logs_1.parquet.tmp"));
        Path unlisted = Files.copy(fx.dataDir.resolve(listed.path()), partition.resolve("logs_1.parquet"));
        Path otherWire = Files.createDirectories(fx.dataDir.resolve("messages/fluxSpec/visa-v1/2026/11/22/10"))
                .resolve("messages_fluxSpec_visa-v1_2.parquet");
        Files.copy(unlisted, otherWire);

        List<Path> removed = fx.warehouse.recover();

        assertEquals(List.of(otherWire, temp, unlisted).stream().sorted().toList(), removed.stream().sorted().toList());
        assertTrue(Files.exists(fx.dataDir.resolve(listed.path())));
        assertEquals(1, fx.count("SELECT count(*) FROM logs"), "the row once, from the listed file");
    }

    @Test
    void aCrashAfterACompactionCommittedLeavesTheOldFilesWhichStartUpDeletes() throws Exception {
        fx.logs(log("api", Level.INFO, "one", Instant.parse("2026-11-22T10:00:00Z"), null));
        WarehouseFile first = fx.warehouse.exportClosedHours().getFirst();
        fx.logs(log("api", Level.INFO, "two", Instant.parse("2026-11-22T10:00:01Z"), null));
        WarehouseFile second = fx.warehouse.exportClosedHours().getFirst();
        byte[] firstBytes = Files.readAllBytes(fx.dataDir.resolve(first.path()));
        byte[] secondBytes = Files.readAllBytes(fx.dataDir.resolve(second.path()));
        fx.warehouse.compact();
        // As if the process died after the manifest swap, before deleting the replaced files.
        Files.write(fx.dataDir.resolve(first.path()), firstBytes);
        Files.write(fx.dataDir.resolve(second.path()), secondBytes);

        fx.warehouse.recover();

        assertFalse(Files.exists(fx.dataDir.resolve(first.path())));
        assertFalse(Files.exists(fx.dataDir.resolve(second.path())));
        assertEquals(List.of(List.of("one"), List.of("two")), fx.rows("SELECT body FROM logs ORDER BY ts"));
    }

    @Test
    void aListedFileThatVanishedIsDroppedFromTheManifestSoTheViewStaysReadable() throws Exception {
        fx.logs(log("api", Level.INFO, "gone", Instant.parse("2026-11-22T10:00:00Z"), null),
                log("api", Level.INFO, "hot", Instant.parse("2026-11-22T12:00:00Z"), null));
        WarehouseFile file = fx.warehouse.exportClosedHours().getFirst();
        Files.delete(fx.dataDir.resolve(file.path()));

        fx.warehouse.recover();

        assertEquals(List.of(), fx.warehouse.files());
        assertEquals(List.of(List.of("hot")), fx.rows("SELECT body FROM logs"));
    }

    @Test
    void aFailingExportIsReportedAsDegradedAndItsRowsStayHot() throws Exception {
        fx.logs(log("api", Level.INFO, "stays", Instant.parse("2026-11-22T10:00:00Z"), null));
        List<String> events = new ArrayList<>();
        WarehouseScheduler scheduler = new WarehouseScheduler(fx.warehouse, new MaintenanceListener() {
            public void exported(List<WarehouseFile> files) { events.add("exported " + files.size()); }
            public void compacted(int partitions) { events.add("compacted " + partitions); }
            public void failed() { events.add("failed"); }
            public void measured(WarehouseMetrics.Usage usage) { events.add("measured " + usage.files()); }
        }, true, Duration.ofHours(1), Clock.systemUTC());
        WarehouseHealth health = new WarehouseHealth(scheduler);
        Path partition = fx.dataDir.resolve("telemetry/logs/2026/11/22/10");
        Files.createDirectories(partition.getParent());
        Files.writeString(partition, "a file where the partition directory must go");

        scheduler.runOnce();

        ComponentHealth failing = health.check();
        assertEquals(HealthStatus.DEGRADED, failing.status(), failing.toString());
        assertEquals(List.of("failed"), events);
        assertEquals(1, fx.count("SELECT count(*) FROM active_logs"));

        Files.delete(partition);
        scheduler.runOnce();

        assertEquals(HealthStatus.HEALTHY, health.check().status());
        assertEquals(0, fx.count("SELECT count(*) FROM active_logs"));
        assertEquals(List.of("failed", "exported 1", "compacted 0", "measured {LOGS=1}"), events);
    }
}
