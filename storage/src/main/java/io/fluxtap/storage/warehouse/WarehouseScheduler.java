package io.fluxtap.storage.warehouse;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static jakarta.interceptor.Interceptor.Priority.APPLICATION;

/**
 * Runs the warehouse: at start-up, before the server takes requests, the crash cleanup ({@link Warehouse#recover()});
 * then every {@code fluxtap.warehouse.export-interval} an export of the closed hours followed by a compaction pass,
 * on one background thread. A failed run is logged, counted and reported by the health check; the next run tries
 * again (an export that failed left its rows in the active table).
 */
@ApplicationScoped
public class WarehouseScheduler {

    private static final Logger LOG = System.getLogger(WarehouseScheduler.class.getName());

    private final Warehouse warehouse;
    private final MaintenanceListener metrics;
    private final boolean enabled;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private volatile WarehouseStatus status;

    @Inject
    public WarehouseScheduler(Warehouse warehouse, WarehouseMetrics metrics,
                              @ConfigProperty(name = "fluxtap.warehouse.enabled", defaultValue = "true") boolean enabled,
                              @ConfigProperty(name = "fluxtap.warehouse.export-interval", defaultValue = "1m") Duration interval) {
        this(warehouse, metrics, enabled, interval, Clock.systemUTC());
    }

    public WarehouseScheduler(Warehouse warehouse, MaintenanceListener metrics, boolean enabled, Duration interval,
                              Clock clock) {
        this.warehouse = warehouse;
        this.metrics = metrics;
        this.enabled = enabled;
        this.interval = interval;
        this.clock = clock;
        this.status = enabled ? WarehouseStatus.STARTING : new WarehouseStatus(false, null, null, 0);
    }

    /**
     * After {@link io.fluxtap.storage.duck.MessageWireViews} made the wire views (default observer priority), whose
     * cold part recovery adds, and before Helidon starts serving (its server starts at {@code PLATFORM_AFTER}):
     * leftovers must be gone before the server answers a query.
     */
    void onStart(@Observes @Priority(APPLICATION + 600) @Initialized(ApplicationScoped.class) Object ignored)
            throws SQLException, IOException {
        start();
    }

    public synchronized void start() throws SQLException, IOException {
        warehouse.recover();
        measure();
        if (!enabled) {
            LOG.log(Level.INFO, "warehouse export disabled (fluxtap.warehouse.enabled=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fluxtap-warehouse").daemon().factory());
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "warehouse at {0}: exporting closed hours every {1}", warehouse.dataDir(), interval);
    }

    /** One export and compaction pass; never throws, so the schedule goes on after a failure. */
    public void runOnce() {
        // A trace of its own (Fluxtap observing itself; a no-op unless fluxtap.observability is on).
        Span span = GlobalOpenTelemetry.getTracer("io.fluxtap.storage").spanBuilder("warehouse export")
                .setNoParent().startSpan();
        try (Scope ignored = span.makeCurrent()) {
            List<WarehouseFile> exported = warehouse.exportClosedHours();
            span.setAttribute("fluxtap.warehouse.files_exported", exported.size());
            metrics.exported(exported);
            metrics.compacted(warehouse.compact().size());
            measure();
            status = new WarehouseStatus(enabled, clock.instant(), null, 0);
        } catch (SQLException | IOException | RuntimeException e) {
            metrics.failed();
            WarehouseStatus previous = status;
            status = new WarehouseStatus(enabled, previous.lastSuccess(), String.valueOf(e.getMessage()),
                    previous.consecutiveFailures() + 1);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            LOG.log(Level.WARNING, "warehouse export failed (rows stay in the active tables; retrying in " + interval + ")", e);
        } finally {
            span.end();
        }
    }

    public WarehouseStatus status() {
        return status;
    }

    private void measure() throws SQLException, IOException {
        metrics.measured(WarehouseMetrics.Usage.of(warehouse.files(), warehouse.hotBytes()));
    }

    /** Waits for a running export, so it does not find the database closed under it. */
    @PreDestroy
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }
}
