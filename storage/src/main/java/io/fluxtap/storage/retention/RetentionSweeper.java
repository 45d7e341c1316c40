package io.fluxtap.storage.retention;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.KnownSeries;
import io.fluxtap.storage.duck.MetricRelations;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.warehouse.Warehouse;
import io.fluxtap.storage.warehouse.WarehouseFile;
import io.fluxtap.storage.warehouse.WarehouseSignal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes what the retention policy no longer keeps, every {@code fluxtap.retention.interval}: expired rows of the
 * active tables, expired hour partitions of the warehouse (manifest and view first, then the files), series of
 * {@code metric_series} that no sample refers to any more, and entries of {@code alerting_state} past their expiry.
 *
 * <p>A sample's labels live only in its series row (V11), so series pruning must never delete a row under a committed
 * sample: see {@link #pruneSeries}. A partition is only dropped when its whole hour is past the cutoff.
 *
 * <p>Every completed sweep counts on {@code fluxtap_retention_sweeps_total}, so an operator (and a test) can tell
 * that one has run since a given moment.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = System.getLogger(RetentionSweeper.class.getName());

    private final DuckDbDatabase database;
    private final Warehouse warehouse;
    private final RetentionPolicy policy;
    private final Duration interval;
    private final Clock clock;
    private final Runnable swept;
    private ScheduledExecutorService executor;

    public static final String SWEEPS = "fluxtap_retention_sweeps";

    /**
     * What one sweep removed.
     *
     * @param stateEntries expired entries of {@code alerting_state} (the StateStore port)
     */
    public record Sweep(Map<WarehouseSignal, Long> hotRows, Map<WarehouseSignal, Integer> files, long series,
                        long stateEntries) {
    }

    @Inject
    public RetentionSweeper(DuckDbDatabase database, Warehouse warehouse,
                            @ConfigProperty(name = "fluxtap.retention.logs", defaultValue = "7d") Duration logs,
                            @ConfigProperty(name = "fluxtap.retention.traces", defaultValue = "7d") Duration traces,
                            @ConfigProperty(name = "fluxtap.retention.metrics", defaultValue = "30d") Duration metrics,
                            @ConfigProperty(name = "fluxtap.retention.messages", defaultValue = "365d") Duration messages,
                            @ConfigProperty(name = "fluxtap.retention.alert-history", defaultValue = "90d") Duration alertHistory,
                            @ConfigProperty(name = "fluxtap.retention.interval", defaultValue = "10m") Duration interval,
                            @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this(database, warehouse, new RetentionPolicy(Map.of(
                        WarehouseSignal.LOGS, logs, WarehouseSignal.TRACES, traces,
                        WarehouseSignal.METRICS, metrics, WarehouseSignal.MESSAGES, messages,
                        WarehouseSignal.ALERT_HISTORY, alertHistory, WarehouseSignal.NOTIFICATION_HISTORY, alertHistory)),
                interval, Clock.systemUTC(),
                () -> registry.counter(SWEEPS).inc());
    }

    public RetentionSweeper(DuckDbDatabase database, Warehouse warehouse, RetentionPolicy policy, Duration interval,
                            Clock clock) {
        this(database, warehouse, policy, interval, clock, () -> { });
    }

    /** @param swept called after each completed sweep */
    public RetentionSweeper(DuckDbDatabase database, Warehouse warehouse, RetentionPolicy policy, Duration interval,
                            Clock clock, Runnable swept) {
        this.database = database;
        this.warehouse = warehouse;
        this.policy = policy;
        this.interval = interval;
        this.clock = clock;
        this.swept = swept;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fluxtap-retention").daemon().factory());
        executor.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Sweep sweep() throws SQLException, IOException {
        Instant now = clock.instant();
        Map<WarehouseSignal, Long> rows = new EnumMap<>(WarehouseSignal.class);
        Map<WarehouseSignal, Integer> files = new EnumMap<>(WarehouseSignal.class);
        Connection connection = database.openConnection();
        try {
            for (WarehouseSignal signal : WarehouseSignal.values()) {
                Instant cutoff = policy.cutoff(signal, now);
                // Through the warehouse, under its lock: an export of the same hour may be between its read and delete.
                rows.put(signal, warehouse.deleteHotRowsBefore(signal, cutoff));
                List<WarehouseFile> dropped = warehouse.dropHoursBefore(signal, cutoff);
                files.put(signal, dropped.size());
            }
            long series = warehouse.exclusive(() -> pruneSeries(connection, database.knownSeries()));
            long state = deleteExpiredState(connection, now);
            Sweep sweep = new Sweep(rows, files, series, state);
            LOG.log(Level.DEBUG, "retention sweep: {0}", sweep);
            swept.run();
            return sweep;
        } finally {
            database.closeConnection(connection);
        }
    }

    /**
     * Deletes the series no sample names any more. Finding them reads every sample, hot and cold, while appends go on;
     * the delete then rechecks those candidates against the hot table, the only place a sample can have arrived
     * since, with no append in flight ({@link KnownSeries#pruning}). Run under the warehouse's lock, so no export
     * moves such a new sample from the hot table into a file between the two: a series row is never deleted from
     * under a committed sample, whose labels it alone holds.
     */
    private static long pruneSeries(Connection connection, KnownSeries known) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE series_prune_candidates AS SELECT series_id FROM metric_series"
                    + " WHERE series_id NOT IN (SELECT DISTINCT series_id FROM " + MetricRelations.SAMPLES_VIEW + ")");
            try {
                if (!hasRows(statement, "temp.main.series_prune_candidates")) {
                    return 0; // appends need not wait for a recheck of nothing
                }
                return known.pruning(() -> statement.executeUpdate("""
                        DELETE FROM metric_series
                        WHERE series_id IN (SELECT series_id FROM temp.main.series_prune_candidates)
                          AND series_id NOT IN (SELECT series_id FROM active_metrics)"""));
            } finally {
                statement.execute("DROP TABLE IF EXISTS temp.main.series_prune_candidates");
            }
        }
    }

    private static boolean hasRows(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static long deleteExpiredState(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM alerting_state WHERE expires_at <= make_timestamptz(?)")) {
            delete.setLong(1, EpochMicros.of(now));
            return delete.executeUpdate();
        }
    }

    private void sweepQuietly() {
        // A trace of its own (Fluxtap observing itself; a no-op unless fluxtap.observability is on).
        Span span = GlobalOpenTelemetry.getTracer("io.fluxtap.storage").spanBuilder("retention sweep")
                .setNoParent().startSpan();
        try (Scope ignored = span.makeCurrent()) {
            sweep();
        } catch (SQLException | IOException | RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            LOG.log(Level.WARNING, "retention sweep failed; retrying in " + interval, e);
        } finally {
            span.end();
        }
    }

    @PreDestroy
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
