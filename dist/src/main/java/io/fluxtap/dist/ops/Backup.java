package io.fluxtap.dist.ops;

import io.fluxtap.dist.auth.AccessControl;
import io.fluxtap.storage.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The online backup ({@code POST /api/v1/admin/backup}, {@code bin/fluxtap backup DIR}): DuckDB lets one process open
 * the database, so the running server makes it. The order is what makes it consistent while ingest goes on:
 * <ol>
 *   <li>the WAL segments are copied first. Every P0/P1 record acknowledged before the backup started is either in
 *   them or already stored, and a segment is deleted only once storage holds all its records, so whatever leaves the
 *   WAL during the copy is in the database snapshot taken after it;</li>
 *   <li>then the database and the warehouse at one point ({@link Warehouse#snapshotInto}): one transaction copies every
 *   table, its {@code wal_applied} positions included, and the Parquet files its manifest lists are linked under the
 *   warehouse's lock. The restored server replays the copied WAL from those positions, as after a crash;</li>
 *   <li>the server key and bootstrap token ({@code auth.key}, {@code bootstrap-admin.token}: the tokens in the
 *   database are useless without the key) and the configuration directory ({@code <fluxtap.home>/conf});</li>
 *   <li>{@code backup.json} with every file's size and SHA-256, written last.</li>
 * </ol>
 * The backup is built in a staging directory inside the data directory (DuckDB may write nowhere else) and moved to
 * its place at the end, so a failed backup leaves no half directory at the target. P2 telemetry (metrics, spans,
 * debug logs) has no WAL: what is still in its ring when the snapshot is taken is not in the backup, as after a crash.
 */
@ApplicationScoped
public class Backup {

    /** Staging directories in the data directory start so; any left by a backup that died are removed by the next. */
    static final String STAGING_PREFIX = ".backup-";
    static final String DATA = "data";
    static final String CONF = "conf";

    private static final Logger LOG = System.getLogger(Backup.class.getName());

    private final Warehouse warehouse;
    private final Path confDir;
    private final Clock clock;

    @Inject
    public Backup(Warehouse warehouse) {
        this(warehouse, Path.of(System.getProperty("fluxtap.home", ".")).resolve(CONF), Clock.systemUTC());
    }

    Backup(Warehouse warehouse, Path confDir, Clock clock) {
        this.warehouse = warehouse;
        this.confDir = confDir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Whether {@code target} can take a backup, as {@link #write} checks it first.
     *
     * @return the target, normalized
     * @throws IllegalArgumentException why it cannot
     */
    public Path check(Path target) throws IOException {
        Path dataDir = warehouse.dataDir();
        if (!target.isAbsolute()) {
            throw new IllegalArgumentException("the backup directory must be an absolute path, not '" + target + "'");
        }
        Path to = target.normalize();
        if (to.startsWith(dataDir) || dataDir.startsWith(to)) {
            throw new IllegalArgumentException("the backup directory " + to + " must lie outside the data directory "
                    + dataDir);
        }
        if (Files.exists(to) && !isEmptyDirectory(to)) {
            throw new IllegalArgumentException("the backup directory " + to + " exists and is not empty");
        }
        return to;
    }

    /**
     * Writes a backup to {@code target}, which must be an absolute path outside the data directory that does not exist
     * yet or is an empty directory. One backup at a time.
     *
     * @throws IllegalArgumentException for a target that cannot take a backup
     */
    public synchronized BackupManifest write(Path target) throws IOException, SQLException {
        Path dataDir = warehouse.dataDir();
        Path to = check(target);
        removeLeftovers(dataDir);
        Path staging = dataDir.resolve(STAGING_PREFIX + UUID.randomUUID());
        Instant started = clock.instant();
        try {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path data = staging.resolve(DATA);
            Files.createDirectory(data);
            copyTree(dataDir.resolve("wal"), data.resolve("wal"));
            Warehouse.Snapshot snapshot = warehouse.snapshotInto(data);
            for (String secret : List.of("auth.key", AccessControl.BOOTSTRAP_FILE)) {
                copyIfPresent(dataDir.resolve(secret), data.resolve(secret));
            }
            if (Files.isDirectory(confDir)) {
                copyTree(confDir, staging.resolve(CONF));
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, FluxtapVersion.current(),
                    snapshot.schema(), started, snapshot.walApplied(), BackupManifest.measure(staging));
            manifest.write(staging);
            moveIntoPlace(staging, to);
            LOG.log(Level.INFO, "backup written to {0}: {1} files, schema V{2}, WAL applied {3}", to,
                    String.valueOf(manifest.files().size()), String.valueOf(manifest.schemaVersion()),
                    manifest.walApplied());
            return manifest;
        } finally {
            deleteTree(staging);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void removeLeftovers(Path dataDir) throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path old : entries.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
                LOG.log(Level.INFO, "removing {0}, left by a backup that did not finish", old);
                deleteTree(old);
            }
        }
    }

    /**
     * Copies the regular files under {@code from}, in name order (a WAL's segments oldest first); a file that goes
     * while the copy runs (a WAL segment released because storage now holds its records) is skipped.
     */
    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(p -> !p.equals(from)).sorted().toList();
        }
        Files.createDirectories(to);
        for (Path file : files) {
            Path copy = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(copy);
            } else if (Files.isRegularFile(file)) {
                Files.createDirectories(copy.getParent());
                copyIfPresent(file, copy);
            }
        }
    }

    /** As {@link #copyTree}, replacing files that exist at the target (a restore's configuration). */
    static void copyTreeReplacing(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Path copy = to.resolve(from.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        try {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (NoSuchFileException e) {
            // gone meanwhile: see copyTree
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target)) {
            try {
                Files.delete(target); // empty, checked before
            } catch (DirectoryNotEmptyException e) {
                throw new IllegalArgumentException("the backup directory " + target + " filled up during the backup");
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system: copy, so the target is complete before the manifest lands in it.
            Path manifest = staging.resolve(BackupManifest.FILE_NAME);
            Path temporary = staging.resolveSibling(staging.getFileName() + ".manifest");
            Files.move(manifest, temporary);
            copyTree(staging, target);
            Files.copy(temporary, target.resolve(BackupManifest.FILE_NAME));
            Files.delete(temporary);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
