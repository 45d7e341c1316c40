package io.fluxtap.storage.duck;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.fluxtap.api.DbQueryTimings;
import io.fluxtap.storage.warehouse.WarehouseSignal;
import org.duckdb.DuckDBConnection;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The DuckDB file that holds the hot window, {@code <fluxtap.data.dir>/fluxtap.duckdb}.
 * Opening it applies pending schema migrations; writers get connections of their own and
 * queries go through {@link #query}, so a long query never waits for a lane's transaction, and runs on one of
 * {@code fluxtap.query.threads} platform threads rather than on the request's virtual thread (see {@link QueryThreads}).
 */
@ApplicationScoped
public class DuckDbDatabase implements AutoCloseable {

    public static final String FILE_NAME = "fluxtap.duckdb";

    private static final System.Logger LOG = System.getLogger(DuckDbDatabase.class.getName());

    private final Path dataDir;
    private final Path file;
    private final DuckDBConnection primary;
    private final Jdbi jdbi;
    private final List<Integer> appliedMigrations;
    private final Set<Connection> writerConnections = ConcurrentHashMap.newKeySet();
    private final QueryThreads queryThreads;
    private final KnownSeries knownSeries = new KnownSeries();
    private final DuckDbResources resources;
    private final Supplier<DbQueryTimings> timings;
    private volatile boolean closed;

    @Inject
    public DuckDbDatabase(@ConfigProperty(name = "fluxtap.data.dir", defaultValue = "./data") String dataDir,
                          @ConfigProperty(name = "fluxtap.query.threads", defaultValue = "0") int queryThreads,
                          @ConfigProperty(name = "fluxtap.duckdb.memory-limit", defaultValue = "auto") String memoryLimit,
                          @ConfigProperty(name = "fluxtap.duckdb.threads", defaultValue = "0") int duckDbThreads,
                          Instance<DbQueryTimings> timings) {
        this(Path.of(dataDir), queryThreads, DuckDbResources.fromConfig(memoryLimit, duckDbThreads),
                () -> timings.isResolvable() ? timings.get() : DbQueryTimings.NONE);
    }

    /** Opens (creating as needed) the database in {@code dataDir} and migrates it to the newest schema. */
    public DuckDbDatabase(Path dataDir) {
        this(dataDir, 0);
    }

    /** @param queryThreads platform threads for {@link #query}; 0 for {@code max(2, cores)} */
    public DuckDbDatabase(Path dataDir, int queryThreads) {
        this(dataDir, queryThreads, DuckDbResources.defaults());
    }

    /**
     * @param queryThreads platform threads for {@link #query}; 0 for {@code max(2, cores)}
     * @param resources    DuckDB's memory limit and worker threads, fixed when the database opens
     */
    public DuckDbDatabase(Path dataDir, int queryThreads, DuckDbResources resources) {
        this(dataDir, queryThreads, resources, () -> DbQueryTimings.NONE);
    }

    /**
     * @param timings where the duration of every statement and write goes ({@code fluxtap_db_query_duration_seconds});
     *                asked each time, so the server's can appear after the database opened
     */
    public DuckDbDatabase(Path dataDir, int queryThreads, DuckDbResources resources,
                          Supplier<DbQueryTimings> timings) {
        if (queryThreads < 0) {
            throw new IllegalArgumentException("fluxtap.query.threads must be 0 (automatic) or more, not " + queryThreads);
        }
        this.queryThreads = new QueryThreads("fluxtap-query", QueryThreads.threadsFor(queryThreads));
        this.resources = resources;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.file = this.dataDir.resolve(FILE_NAME);
        createDataDir(this.dataDir);
        this.primary = open(file, resources);
        try {
            this.appliedMigrations = SchemaMigrations.apply(primary, SchemaMigrations.ALL);
            confineFileAccess(primary, this.dataDir);
        } catch (SQLException e) {
            closeQuietly(primary);
            throw new IllegalStateException("Cannot migrate the DuckDB database " + file + ": " + e.getMessage(), e);
        }
        // Each Jdbi handle gets its own duplicate of the primary connection and closes it afterwards.
        this.jdbi = Jdbi.create(primary::duplicate);
        this.timings = new CachedTimings(timings);
        jdbi.setSqlLogger(new QueryTimingLogger(this.timings, tableNames(primary)));
    }

    /** Opens the database when the application starts, so a broken data directory stops start-up. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        LOG.log(System.Logger.Level.INFO, "DuckDB hot store at {0}; migrations applied now: {1}; memory_limit {2} bytes, "
                        + "{3} threads (fluxtap.duckdb.memory-limit, fluxtap.duckdb.threads)",
                file, appliedMigrations.isEmpty() ? "none (schema current)" : appliedMigrations,
                Long.toString(resources.memoryLimitBytes()), Integer.toString(resources.threads()));
    }

    public Path dataDir() {
        return dataDir;
    }

    /** DuckDB's memory limit and threads as this database was opened with. */
    public DuckDbResources resources() {
        return resources;
    }

    public Path file() {
        return file;
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * For work on the caller's own thread (start-up, background jobs on platform threads); each handle works on a
     * short-lived connection of its own. Request threads use {@link #query}.
     */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs a read on a handle of its own, off the caller's virtual thread: on a query thread when called from a
     * virtual thread (a request), right there from a platform thread.
     */
    @SuppressWarnings("unchecked")
    public <R, X extends Exception> R query(HandleCallback<R, X> callback) throws X {
        try {
            return queryThreads.call(() -> jdbi.withHandle(callback));
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while waiting for a DuckDB query", e);
        } catch (Exception e) {
            // Only the callback's own checked exception can come out of withHandle.
            throw (X) e;
        }
    }

    /**
     * A connection for one writer's exclusive use. Give it back with {@link #closeConnection}; any still
     * open when the database closes are closed with it.
     */
    public synchronized DuckDBConnection openConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the DuckDB database " + file + " is closed");
        }
        DuckDBConnection connection = (DuckDBConnection) primary.duplicate();
        writerConnections.add(connection);
        return connection;
    }

    public void closeConnection(Connection connection) {
        writerConnections.remove(connection);
        closeQuietly(connection);
    }

    /** Where writers report how long their appends took. */
    DbQueryTimings timings() {
        return timings.get();
    }

    /** The schema's tables and views, and the views the warehouse makes over hot and cold data. */
    private static Set<String> tableNames(Connection connection) {
        Set<String> names = new HashSet<>();
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            names.add(signal.view());
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT lower(table_name) FROM information_schema.tables")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the schema's tables for query metrics: " + e.getMessage());
        }
        return names;
    }

    /**
     * The container's timings once it has them: until then (start-up, migrations) the supplier is asked again, after
     * that never, so a statement costs one volatile read.
     */
    private static final class CachedTimings implements Supplier<DbQueryTimings> {
        private final Supplier<DbQueryTimings> source;
        private volatile DbQueryTimings found;

        CachedTimings(Supplier<DbQueryTimings> source) {
            this.source = source;
        }

        @Override
        public DbQueryTimings get() {
            DbQueryTimings known = found;
            if (known != null) {
                return known;
            }
            DbQueryTimings current;
            try {
                current = source.get();
            } catch (RuntimeException e) {
                // Asked before the container can resolve it (or after it stopped): report nowhere this time.
                return DbQueryTimings.NONE;
            }
            if (current != DbQueryTimings.NONE) {
                found = current;
            }
            return current;
        }
    }

    /** The series ids committed to {@code metric_series} by this process's writers (shared by all of them). */
    public KnownSeries knownSeries() {
        return knownSeries;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writerConnections.forEach(DuckDbDatabase::closeQuietly);
        writerConnections.clear();
        queryThreads.close();
        closeQuietly(primary);
        LOG.log(System.Logger.Level.INFO, "DuckDB hot store at {0} closed", file);
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + dir
                    + " (set fluxtap.data.dir / FLUXTAP_DATA_DIR to a writable directory): " + e, e);
        }
    }

    /**
     * From here on DuckDB reads and writes files only inside the data directory, whatever SQL it is given: the
     * second wall behind the SQL console's own check (io.fluxtap.storage.sql). enable_external_access = false also
     * turns off extension installation and loading, URLs, ATTACH of outside files and getenv(); it applies to the
     * whole database and cannot be switched back on while it runs.
     */
    private static void confineFileAccess(Connection connection, Path dataDir) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // SET takes no parameters; the path is the configured data directory, quoted as a SQL string.
            statement.execute("SET allowed_directories = ['" + dataDir.toString().replace("'", "''") + "/']");
            statement.execute("SET enable_external_access = false");
        }
    }

    private static DuckDBConnection open(Path file, DuckDbResources resources) {
        try {
            // Set at open, before any statement, so no migration or query ever runs under DuckDB's own 80 % default.
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, resources.connectionProperties());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the DuckDB database " + file
                    + " (is another Fluxtap process using it?): " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing a DuckDB connection failed", e);
        }
    }
}
