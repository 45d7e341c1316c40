package io.fluxtap.storage.health;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.storage.duck.DuckDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StorageHealthTest {

    @TempDir
    Path tmp;

    @Test
    void aWritableDirectoryWithRoomIsHealthyAndReportsItsSizes() throws Exception {
        try (DuckDbDatabase db = new DuckDbDatabase(tmp)) {
            StorageHealth health = new StorageHealth(db.dataDir(), 0);
            ComponentHealth result = health.check();

            assertEquals("storage", health.component());
            assertEquals(HealthStatus.HEALTHY, result.status(), result.message());
            assertEquals(db.dataDir().toString(), result.details().get("data_dir"));
            assertTrue((Long) result.details().get("free_bytes") > 0);
            assertTrue((Long) result.details().get("duckdb_bytes") >= Files.size(db.file()));
            assertTrue((Long) result.details().get("duckdb_bytes") > 0);
            try (Stream<Path> files = Files.list(tmp)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".health-probe")),
                        "the probe file is deleted");
            }
        }
    }

    @Test
    void lessFreeSpaceThanTheMinimumIsDegraded() {
        ComponentHealth result = new StorageHealth(tmp, Long.MAX_VALUE).check();
        assertEquals(HealthStatus.DEGRADED, result.status());
        assertTrue(result.message().startsWith("only "), result.message());
        assertEquals(0L, result.details().get("duckdb_bytes"));
    }

    @Test
    void aDirectoryBelowARegularFileIsUnhealthy() throws Exception {
        Path dataDir = Files.writeString(tmp.resolve("file"), "x").resolve("data");
        ComponentHealth result = new StorageHealth(dataDir, 0).check();
        assertEquals(HealthStatus.UNHEALTHY, result.status());
        assertTrue(result.message().startsWith("data directory " + dataDir + " is not writable"), result.message());
        assertEquals(dataDir.toString(), result.details().get("data_dir"));
    }

    @Test
    void anExistingDirectoryThatRefusesNewFilesIsUnhealthy() {
        // Even root cannot create files in /proc, so this holds when the tests run as root.
        Path procSelf = Path.of("/proc/self");
        assumeTrue(Files.isDirectory(procSelf), "needs Linux /proc");
        assertEquals(HealthStatus.UNHEALTHY, new StorageHealth(procSelf, 0).check().status());
    }
}
