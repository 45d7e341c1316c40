package io.fluxtap.storage.warehouse;

import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.api.wire.WireSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hourly Parquet warehouse under {@code fluxtap.data.dir}: exports closed hours out of the active tables,
 * compacts partitions that collected several files, drops expired partitions and deletes expired hot rows, and
 * cleans up after a crash. One operation at a time (the methods are synchronized); each works on a connection of
 * its own.
 * The crash-safety argument is in {@code package-info.java}.
 */
@ApplicationScoped
public class Warehouse {

    private static final Logger LOG = System.getLogger(Warehouse.class.getName());

    private final DuckDbDatabase database;
    private final Path dataDir;
    private final MessageWireViews wires;
    private final WarehouseFileWriter writer;
    private final int compactMinFiles;
    private final long compactMaxBytes;
    private final Clock clock;
    private long lastFileMicros;

    @Inject
    public Warehouse(DuckDbDatabase database, MessageWireViews wires,
                     @ConfigProperty(name = "fluxtap.warehouse.row-group-bytes", defaultValue = "134217728") long rowGroupBytes,
                     @ConfigProperty(name = "fluxtap.warehouse.compact-min-files", defaultValue = "4") int compactMinFiles,
                     @ConfigProperty(name = "fluxtap.warehouse.compact-max-bytes", defaultValue = "536870912") long compactMaxBytes) {
        this(database, wires, rowGroupBytes, compactMinFiles, compactMaxBytes, Clock.systemUTC());
    }

    public Warehouse(DuckDbDatabase database, MessageWireViews wires, long rowGroupBytes, int compactMinFiles,
                     long compactMaxBytes, Clock clock) {
        this(database, wires, new WarehouseFileWriter(rowGroupBytes), compactMinFiles, compactMaxBytes, clock);
    }

    /** With the file writer as a seam, so a test can hold an export between writing its file and deleting its rows. */
    Warehouse(DuckDbDatabase database, MessageWireViews wires, WarehouseFileWriter writer, int compactMinFiles,
              long compactMaxBytes, Clock clock) {
        if (compactMinFiles < 2) {
            throw new IllegalArgumentException("fluxtap.warehouse.compact-min-files must be at least 2, was " + compactMinFiles);
        }
        this.database = database;
        this.dataDir = database.dataDir();
        this.wires = wires;
        this.writer = writer;
        this.compactMinFiles = compactMinFiles;
        this.compactMaxBytes = compactMaxBytes;
        this.clock = clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Removes what an interrupted export or compaction left behind: temporary files, and files the manifest does
     * not list (renamed into place, but their transaction never committed, or replaced by a compaction that
     * committed). Manifest rows whose file is gone are dropped so the views stay readable. Then every view is
     * recreated from the manifest. Runs before the warehouse serves or exports anything.
     *
     * @return the files removed from the disk
     */
    /** Work that no export, compaction or expiry may interleave with (retention's series prune). */
    @FunctionalInterface
    public interface Exclusive<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} under this warehouse's lock, as its own operations run. */
    public synchronized <T> T exclusive(Exclusive<T> work) throws SQLException {
        return work.run();
    }

    public synchronized List<Path> recover() throws SQLException, IOException {
        return withConnection(connection -> {
            List<WarehouseFile> listed = WarehouseManifest.all(connection);
            Set<String> known = listed.stream().map(WarehouseFile::path).collect(Collectors.toSet());
            List<Path> removed = new ArrayList<>();
            for (Path file : filesOnDisk()) {
                String name = file.getFileName().toString();
                boolean temporary = name.startsWith(".") && name.endsWith(WarehouseFileWriter.TEMP_SUFFIX);
                boolean orphan = name.endsWith(".parquet") && !known.contains(relative(file));
                if (temporary || orphan) {
                    DurableFiles.delete(file);
                    removed.add(file);
                }
            }
            execute(connection, "BEGIN TRANSACTION");
            try {
                for (WarehouseFile file : listed) {
                    if (!Files.exists(dataDir.resolve(file.path()))) {
                        LOG.log(Level.ERROR, "warehouse file {0} is listed but missing; its {1} rows are lost to queries",
                                file.path(), file.rows());
                        WarehouseManifest.delete(connection, file.path());
                    }
                }
                WarehouseViews.recreateAll(connection, dataDir, wires);
                execute(connection, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            if (!removed.isEmpty()) {
                LOG.log(Level.INFO, "warehouse start-up removed {0} leftover file(s) of interrupted exports: {1}",
                        removed.size(), removed);
            }
            return removed;
        });
    }

    /**
     * Writes every closed hour (before the current UTC hour, by ts) still in an active table to a new file of its
     * partition, and removes exactly the written rows from the active table in the same transaction that lists the
     * file. Rows that arrive for an hour already exported (late records) become one more file of that partition.
     *
     * @return the files written
     */
    public synchronized List<WarehouseFile> exportClosedHours() throws SQLException, IOException {
        long currentHour = Math.floorDiv(clock.instant().getEpochSecond(), 3600);
        return withConnection(connection -> {
            List<WarehouseFile> written = new ArrayList<>();
            for (WarehouseSignal signal : WarehouseSignal.values()) {
                for (Partition partition : closedPartitions(connection, signal, currentHour)) {
                    exportPartition(connection, partition).ifPresent(written::add);
                }
            }
            return written;
        });
    }

    /**
     * Rewrites each partition that has at least {@code fluxtap.warehouse.compact-min-files} files (together at most
     * {@code fluxtap.warehouse.compact-max-bytes}) as one file sorted by {@link WarehouseSignal#sortOrder()}. The new file replaces the
     * old ones in the manifest in one transaction; the old files are deleted after it committed.
     *
     * @return the files written
     */
    public synchronized List<WarehouseFile> compact() throws SQLException, IOException {
        return withConnection(connection -> {
            Map<Partition, List<WarehouseFile>> byPartition = WarehouseManifest.all(connection).stream()
                    .collect(Collectors.groupingBy(WarehouseFile::partition, LinkedHashMap::new, Collectors.toList()));
            List<WarehouseFile> written = new ArrayList<>();
            for (Map.Entry<Partition, List<WarehouseFile>> entry : byPartition.entrySet()) {
                List<WarehouseFile> files = entry.getValue();
                long bytes = files.stream().mapToLong(WarehouseFile::bytes).sum();
                if (files.size() >= compactMinFiles && bytes <= compactMaxBytes) {
                    written.add(compactPartition(connection, entry.getKey(), files));
                }
            }
            return written;
        });
    }

    /**
     * Removes the partitions of {@code signal} whose whole hour lies before {@code cutoff}: manifest rows and view
     * first (one transaction), then the files and emptied directories.
     *
     * @return the files removed
     */
    public synchronized List<WarehouseFile> dropHoursBefore(WarehouseSignal signal, Instant cutoff)
            throws SQLException, IOException {
        return withConnection(connection -> {
            List<WarehouseFile> expired = WarehouseManifest.of(connection, signal).stream()
                    .filter(f -> !f.partition().end().isAfter(cutoff)).toList();
            if (expired.isEmpty()) {
                return expired;
            }
            execute(connection, "BEGIN TRANSACTION");
            try {
                for (WarehouseFile file : expired) {
                    WarehouseManifest.delete(connection, file.path());
                }
                WarehouseViews.recreate(connection, dataDir, signal, wires);
                execute(connection, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            for (WarehouseFile file : expired) {
                deleteWithEmptyParents(dataDir.resolve(file.path()));
            }
            return expired;
        });
    }

    /**
     * Deletes the rows of {@code signal}'s active table older than {@code cutoff}, for retention. The warehouse is the
     * one owner of deleting hot rows: under its lock a sweep cannot delete rows that an export of the same hour has
     * read and written but not yet deleted, which would fail that export (deleted must equal written, and DuckDB
     * refuses to delete a row another transaction deleted since).
     *
     * @return the rows deleted
     */
    public synchronized long deleteHotRowsBefore(WarehouseSignal signal, Instant cutoff) throws SQLException, IOException {
        return withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + signal.activeTable() + " WHERE ts < to_timestamp(?)")) {
                delete.setDouble(1, cutoff.getEpochSecond() + cutoff.getNano() / 1e9);
                return (long) delete.executeUpdate();
            }
        });
    }

    /** The manifest: every file queries read. */
    public synchronized List<WarehouseFile> files() throws SQLException, IOException {
        return withConnection(WarehouseManifest::all);
    }

    /**
     * A consistent copy of the hot store and the warehouse, for an online backup. Under the warehouse's lock, so no
     * export, compaction or retention drop changes the set of files meanwhile: one transaction reads the manifest and
     * {@code wal_applied} and runs {@code COPY FROM DATABASE} into a new DuckDB file {@code stagingDir/fluxtap.duckdb},
     * so every table comes from the same MVCC snapshot while the lanes go on committing. The manifest's Parquet files
     * are hard-linked beside it at their relative paths (they are never rewritten in place, only replaced and
     * deleted, which a link survives), or copied where the file system has no links.
     *
     * @param stagingDir an empty directory inside the data directory: DuckDB may touch no other place
     *                   ({@code enable_external_access} is off, see {@code DuckDbDatabase})
     */
    public synchronized Snapshot snapshotInto(Path stagingDir) throws SQLException, IOException {
        Path staging = stagingDir.toAbsolutePath().normalize();
        if (!staging.startsWith(dataDir)) {
            throw new IllegalArgumentException("the staging directory must lie inside " + dataDir + ", not " + staging);
        }
        Files.createDirectories(staging);
        Path target = staging.resolve(DuckDbDatabase.FILE_NAME);
        return withConnection(connection -> {
            String source;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_database()")) {
                rs.next();
                source = rs.getString(1);
            }
            // ATTACH takes no parameters: the path is ours (inside the data directory), quoted as a SQL string.
            execute(connection, "ATTACH " + literalOf(target.toString()) + " AS fluxtap_backup");
            try {
                execute(connection, "BEGIN TRANSACTION");
                try {
                    List<WarehouseFile> files = WarehouseManifest.all(connection);
                    Map<String, Long> applied = new LinkedHashMap<>();
                    try (Statement statement = connection.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT lane, lsn FROM wal_applied ORDER BY lane")) {
                        while (rs.next()) {
                            applied.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    int schema;
                    try (Statement statement = connection.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
                        rs.next();
                        schema = rs.getInt(1);
                    }
                    execute(connection, "COPY FROM DATABASE \"" + source.replace("\"", "\"\"") + "\" TO fluxtap_backup");
                    execute(connection, "COMMIT");
                    for (WarehouseFile file : files) {
                        Path from = dataDir.resolve(file.path());
                        Path to = staging.resolve(file.path());
                        Files.createDirectories(to.getParent());
                        try {
                            Files.createLink(to, from);
                        } catch (UnsupportedOperationException | IOException e) {
                            Files.copy(from, to);
                        }
                    }
                    return new Snapshot(target, files, applied, schema);
                } catch (SQLException | IOException | RuntimeException e) {
                    rollback(connection, e);
                    throw e;
                }
            } finally {
                execute(connection, "DETACH fluxtap_backup");
            }
        });
    }

    /**
     * What {@link #snapshotInto} made.
     *
     * @param database   the DuckDB copy
     * @param files      the warehouse files it lists, linked beside it
     * @param walApplied per lane label, the highest WAL sequence number the copy holds
     * @param schema     the copy's schema version (the newest migration applied)
     */
    public record Snapshot(Path database, List<WarehouseFile> files, Map<String, Long> walApplied, int schema) {
        public Snapshot {
            files = List.copyOf(files);
            walApplied = Map.copyOf(walApplied);
        }
    }

    private static String literalOf(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * An estimate of the bytes each active table takes in the DuckDB file: the distinct storage blocks its
     * checkpointed segments occupy ({@code pragma_storage_info}) times the block size ({@code pragma_database_size}).
     * Rows not checkpointed yet (still only in DuckDB's WAL) are not counted; a block shared by two tables counts
     * for both.
     */
    public Map<WarehouseSignal, Long> hotBytes() throws SQLException, IOException {
        return withConnection(connection -> {
            Map<WarehouseSignal, Long> bytes = new EnumMap<>(WarehouseSignal.class);
            long blockSize = queryLong(connection, "SELECT block_size FROM pragma_database_size() LIMIT 1");
            for (WarehouseSignal signal : WarehouseSignal.values()) {
                long blocks = queryLong(connection, "SELECT count(DISTINCT block_id) FROM pragma_storage_info('"
                        + signal.activeTable() + "') WHERE persistent AND block_id >= 0");
                bytes.put(signal, blocks * blockSize);
            }
            return bytes;
        });
    }

    private List<Partition> closedPartitions(Connection connection, WarehouseSignal signal, long currentHour)
            throws SQLException {
        boolean messages = signal == WarehouseSignal.MESSAGES;
        String sql = "SELECT DISTINCT CAST(epoch_us(ts) // " + Partition.MICROS_PER_HOUR + " AS BIGINT) AS hour"
                + (messages ? ", wire_id" : ", NULL") + " FROM " + signal.activeTable()
                + " WHERE ts < to_timestamp(?) ORDER BY 1, 2";
        List<Partition> partitions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, currentHour * 3600);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String wireId = rs.getString(2);
                    // Rows of a wire id no spec may have (stored by a version that checked less) stay hot until
                    // retention deletes them.
                    if (messages && !WireSpec.isWireId(wireId)) {
                        LOG.log(Level.WARNING, "messages of wire ''{0}'' stay in the hot table: the id cannot name a "
                                + "warehouse directory", wireId);
                        continue;
                    }
                    partitions.add(new Partition(signal, wireId, rs.getLong(1)));
                }
            }
        }
        return partitions;
    }

    private Optional<WarehouseFile> exportPartition(Connection connection, Partition partition)
            throws SQLException, IOException {
        WarehouseSignal signal = partition.signal();
        String relation = relation(partition);
        ParquetColumns columns = ParquetColumns.describe(connection, relation);
        String where = " WHERE ts >= to_timestamp(?) AND ts < to_timestamp(?)"
                + (partition.wireId() != null ? " AND wire_id = ?" : "");
        Path target = newFile(partition);
        WarehouseFileWriter.WrittenFile written = null;
        execute(connection, "BEGIN TRANSACTION");
        try {
            // Read, delete and list in one transaction: the DELETE sees the snapshot the SELECT read, so rows
            // that arrived meanwhile stay in the active table for the next export.
            try (PreparedStatement select = connection.prepareStatement("SELECT " + columns.selectList() + " FROM "
                    + relation + where + " ORDER BY " + signal.sortOrder())) {
                bindPartition(select, partition);
                try (ResultSet rows = select.executeQuery()) {
                    written = writer.write(rows, columns, target, metadata(partition));
                }
            }
            if (written == null) {
                execute(connection, "ROLLBACK");
                return Optional.empty();
            }
            long deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + signal.activeTable() + where)) {
                bindPartition(delete, partition);
                deleted = delete.executeUpdate();
            }
            if (deleted != written.rows()) {
                throw new SQLException("export of " + partition + " wrote " + written.rows() + " rows but would delete "
                        + deleted);
            }
            WarehouseFile file = new WarehouseFile(relative(written.path()), partition, written.rows(), written.bytes());
            WarehouseManifest.insert(connection, file);
            WarehouseViews.recreate(connection, dataDir, signal, wires);
            execute(connection, "COMMIT");
            LOG.log(Level.DEBUG, "exported {0} rows to {1}", file.rows(), file.path());
            return Optional.of(file);
        } catch (SQLException | IOException | RuntimeException e) {
            rollback(connection, e);
            if (written != null) {
                // Not listed, so no reader can see it; start-up cleanup would remove it too.
                deleteQuietly(written.path(), e);
            }
            throw e;
        }
    }

    private WarehouseFile compactPartition(Connection connection, Partition partition, List<WarehouseFile> files)
            throws SQLException, IOException {
        String relation = "read_parquet(" + files.stream()
                .map(f -> WarehouseViews.literal(dataDir.resolve(f.path()).toString()))
                .collect(Collectors.joining(", ", "[", "]")) + ", union_by_name = true, hive_partitioning = false)";
        ParquetColumns columns = ParquetColumns.describe(connection, relation);
        long expectedRows = files.stream().mapToLong(WarehouseFile::rows).sum();
        WarehouseFileWriter.WrittenFile written;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT " + columns.selectList() + " FROM " + relation
                     + " ORDER BY " + partition.signal().sortOrder())) {
            written = writer.write(rows, columns, newFile(partition), metadata(partition));
        }
        if (written == null || written.rows() != expectedRows) {
            if (written != null) {
                DurableFiles.delete(written.path());
            }
            throw new IOException("compaction of " + partition + " read " + (written == null ? 0 : written.rows())
                    + " rows from files listing " + expectedRows);
        }
        WarehouseFile compacted = new WarehouseFile(relative(written.path()), partition, written.rows(), written.bytes());
        execute(connection, "BEGIN TRANSACTION");
        try {
            for (WarehouseFile file : files) {
                WarehouseManifest.delete(connection, file.path());
            }
            WarehouseManifest.insert(connection, compacted);
            WarehouseViews.recreate(connection, dataDir, partition.signal(), wires);
            execute(connection, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            deleteQuietly(written.path(), e);
            throw e;
        }
        for (WarehouseFile file : files) {
            DurableFiles.delete(dataDir.resolve(file.path()));
        }
        LOG.log(Level.DEBUG, "compacted {0} files of {1} into {2}", files.size(), partition, compacted.path());
        return compacted;
    }

    /** The relation a partition's rows are read from: for messages with the wire's promoted fields as typed columns. */
    private String relation(Partition partition) {
        if (partition.signal() == WarehouseSignal.METRICS) {
            // The files keep each sample's labels (V11 moved them to metric_series), so a file stands alone.
            return "(" + WarehouseViews.hotRelation(WarehouseSignal.METRICS) + ") AS m";
        }
        if (partition.signal() != WarehouseSignal.MESSAGES) {
            return partition.signal().activeTable();
        }
        // A spec's columns are never those of the table (WireSpec.RESERVED_COLUMNS), so they cannot collide with '*'.
        Optional<WireSpec> wire = wires.wire(partition.wireId());
        String promoted = wire.map(w -> w.promoted().stream()
                        .map(c -> ", " + MessageWireViews.promotedValueSql(c) + " AS " + ParquetColumns.quote(c.column()))
                        .collect(Collectors.joining()))
                .orElse("");
        return "(SELECT *" + promoted + " FROM " + partition.signal().activeTable() + ") AS m";
    }

    private static void bindPartition(PreparedStatement statement, Partition partition) throws SQLException {
        statement.setLong(1, partition.hour() * 3600);
        statement.setLong(2, (partition.hour() + 1) * 3600);
        if (partition.wireId() != null) {
            statement.setString(3, partition.wireId());
        }
    }

    private static Map<String, String> metadata(Partition partition) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("fluxtap.signal", partition.signal().label());
        metadata.put("fluxtap.hour", partition.start().toString());
        if (partition.wireId() != null) {
            metadata.put("fluxtap.wire_id", partition.wireId());
        }
        return metadata;
    }

    /** A name no file of the partition has had: creation micros, moved past the last one handed out. */
    private Path newFile(Partition partition) throws IOException {
        Path dir = partition.directoryIn(dataDir);
        DurableFiles.createDirectories(dataDir, dir);
        Instant now = clock.instant();
        long micros = Math.max(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, lastFileMicros + 1);
        Path file = dir.resolve(partition.fileName(micros));
        while (Files.exists(file) || Files.exists(WarehouseFileWriter.temporaryName(file))) {
            file = dir.resolve(partition.fileName(++micros));
        }
        lastFileMicros = micros;
        return file;
    }

    private List<Path> filesOnDisk() throws IOException {
        Set<Path> roots = new HashSet<>();
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            roots.add(dataDir.resolve(signal.directory()));
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    private void deleteWithEmptyParents(Path file) throws IOException {
        DurableFiles.delete(file);
        Path dir = file.getParent();
        while (dir != null && dir.startsWith(dataDir) && !dir.equals(dataDir) && !isSignalRoot(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
            dir = dir.getParent();
        }
    }

    private boolean isSignalRoot(Path dir) {
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            if (dir.equals(dataDir.resolve(signal.directory()))) {
                return true;
            }
        }
        return false;
    }

    private String relative(Path file) {
        return dataDir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            // DuckDB ends a transaction itself when a statement or commit fails in it.
            cause.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            DurableFiles.delete(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    private <T> T withConnection(Work<T> work) throws SQLException, IOException {
        Connection connection = database.openConnection();
        try {
            return work.run(connection);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            database.closeConnection(connection);
        }
    }
}
