package io.fluxtap.storage.prometheus.head;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.duck.CommittedMetrics;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.prometheus.api.PrometheusParams;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static jakarta.interceptor.Interceptor.Priority.APPLICATION;

/**
 * The server's head block: fed by every writer's committed metrics (it is the store's {@link CommittedMetrics}),
 * loaded from DuckDB on a thread of its own once the container is up, serving only after that load.
 * {@code fluxtap.promql.head-max-samples=0} turns it off: PromQL then reads DuckDB alone.
 */
@ApplicationScoped
public class ServerHead implements CommittedMetrics {

    private static final Logger LOG = System.getLogger(ServerHead.class.getName());

    private final DuckDbDatabase database;
    private final HeadBlock head;
    private final Duration window;
    private final Duration retention;
    private final Clock clock;

    @Inject
    public ServerHead(DuckDbDatabase database,
                      @ConfigProperty(name = "fluxtap.promql.head-window", defaultValue = "3h") String window,
                      @ConfigProperty(name = "fluxtap.promql.head-max-samples", defaultValue = "4000000") long maxSamples,
                      @ConfigProperty(name = "fluxtap.retention.metrics", defaultValue = "30d") Duration retention) {
        this(database, window(window), maxSamples, retention, Clock.systemUTC());
    }

    public ServerHead(DuckDbDatabase database, Duration window, long maxSamples, Duration retention, Clock clock) {
        if (maxSamples < 0) {
            throw new IllegalArgumentException("fluxtap.promql.head-max-samples must be 0 (off) or positive, not "
                    + maxSamples);
        }
        this.database = database;
        this.window = window;
        this.retention = retention;
        this.clock = clock;
        this.head = maxSamples == 0 ? null : new HeadBlock(window, maxSamples, retention, clock);
    }

    private static Duration window(String text) {
        long nanos;
        try {
            nanos = PrometheusParams.durationNanos(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fluxtap.promql.head-window: " + e.getMessage()
                    + " (e.g. 3h, 90m, or seconds)");
        }
        if (nanos <= 0) {
            throw new IllegalArgumentException("fluxtap.promql.head-window must be positive, not " + text);
        }
        return Duration.ofNanos(nanos);
    }

    /** The head block, empty when turned off. */
    public Optional<HeadBlock> head() {
        return Optional.ofNullable(head);
    }

    @Override
    public void committed(List<MetricSample> samples, long[] seriesIds) {
        if (head != null) {
            head.committed(samples, seriesIds);
        }
    }

    /**
     * After the warehouse's recovery ({@code APPLICATION + 600}), which lists its files in the views the load reads:
     * a start right after a migration that recreated the views over the hot table alone (V11) would otherwise load
     * the window without its cold hours.
     */
    void onStart(@Observes @Priority(APPLICATION + 700) @Initialized(ApplicationScoped.class) Object ignored) {
        if (head != null) {
            Thread.ofPlatform().name("fluxtap-head-load").daemon().start(this::loadQuietly);
        }
    }

    /** Reads the window from DuckDB and starts serving; synchronous, for tests and tools. */
    public long load() {
        if (head == null) {
            return 0;
        }
        try {
            return HeadLoader.load(head, database, window.toMillis(), retention.toMillis(), clock);
        } catch (SQLException e) {
            throw new StoreException("cannot load the PromQL head block: " + e.getMessage(), e);
        }
    }

    private void loadQuietly() {
        try {
            long started = System.nanoTime();
            long read = load();
            LOG.log(Level.INFO, "PromQL head block loaded: {0} samples of {1} series in {2} ms", read,
                    head.seriesCount(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            head.stopServing();
            LOG.log(Level.WARNING, "PromQL head block could not load; PromQL reads DuckDB only", e);
        }
    }
}
