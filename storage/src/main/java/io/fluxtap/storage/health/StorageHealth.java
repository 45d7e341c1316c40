package io.fluxtap.storage.health;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.storage.duck.DuckDbDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code storage}: whether the data directory takes new files, and how much room is left.
 * Writability is tested by creating and deleting a probe file, because permission bits say
 * nothing about a read-only mount, a full disk or a directory that was removed.
 */
@ApplicationScoped
public class StorageHealth implements HealthContributor {

    /** DuckDB keeps uncheckpointed changes in a sibling file with this suffix. */
    private static final String WAL_SUFFIX = ".wal";

    private final Path dataDir;
    private final long minFreeBytes;

    @Inject
    public StorageHealth(DuckDbDatabase database,
                         @ConfigProperty(name = "fluxtap.storage.min-free-bytes", defaultValue = "1073741824")
                         long minFreeBytes) {
        this(database.dataDir(), minFreeBytes);
    }

    public StorageHealth(Path dataDir, long minFreeBytes) {
        this.dataDir = dataDir;
        this.minFreeBytes = minFreeBytes;
    }

    @Override
    public String component() {
        return "storage";
    }

    @Override
    public ComponentHealth check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("data_dir", dataDir.toString());
        try {
            Files.delete(Files.createTempFile(dataDir, ".health-probe-", ".tmp"));
        } catch (IOException | RuntimeException e) {
            return new ComponentHealth(HealthStatus.UNHEALTHY,
                    "data directory " + dataDir + " is not writable: " + e, details);
        }
        try {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            details.put("free_bytes", free);
            details.put("duckdb_bytes", duckDbBytes());
            if (free < minFreeBytes) {
                return new ComponentHealth(HealthStatus.DEGRADED, "only " + free + " bytes free in " + dataDir
                        + " (fluxtap.storage.min-free-bytes is " + minFreeBytes + ")", details);
            }
            return ComponentHealth.healthy(details);
        } catch (IOException | RuntimeException e) {
            return new ComponentHealth(HealthStatus.UNHEALTHY, "cannot read the free space of " + dataDir + ": " + e,
                    details);
        }
    }

    private long duckDbBytes() throws IOException {
        Path file = dataDir.resolve(DuckDbDatabase.FILE_NAME);
        Path wal = dataDir.resolve(DuckDbDatabase.FILE_NAME + WAL_SUFFIX);
        return sizeIfPresent(file) + sizeIfPresent(wal);
    }

    /** The WAL comes and goes with checkpoints, so a missing file counts as empty. */
    private static long sizeIfPresent(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0L;
        }
    }
}
