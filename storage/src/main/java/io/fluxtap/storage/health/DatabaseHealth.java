package io.fluxtap.storage.health;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.storage.duck.DuckDbDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code database}: whether the DuckDB hot store answers a trivial query, and how fast. The probe runs on a
 * platform thread of its own: never on the request's carrier and never queued behind users' queries, so readiness
 * answers while slow queries run. A probe that does not answer within {@link #PATIENCE} reports degraded, and the
 * checks after it wait for that same probe instead of piling up more.
 */
@ApplicationScoped
public class DatabaseHealth implements HealthContributor {

    static final Duration PATIENCE = Duration.ofSeconds(2);

    private final DuckDbDatabase database;
    private final ExecutorService probeThread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("fluxtap-health-database").daemon().factory());
    private Future<Long> pending;

    @Inject
    public DatabaseHealth(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public ComponentHealth check() {
        if (!database.isOpen()) {
            return new ComponentHealth(HealthStatus.UNHEALTHY, "the DuckDB database is closed", Map.of());
        }
        Future<Long> probe = probe();
        long nanos;
        try {
            nanos = probe.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new ComponentHealth(HealthStatus.DEGRADED, "SELECT 1 has not answered within "
                    + PATIENCE.toSeconds() + " s", Map.of());
        } catch (ExecutionException e) {
            // The contract says never throw: a failed probe is the answer, not an error.
            return new ComponentHealth(HealthStatus.UNHEALTHY, "SELECT 1 failed: " + e.getCause().getMessage(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ComponentHealth(HealthStatus.UNHEALTHY, "interrupted while probing the database", Map.of());
        }
        double latencyMs = Math.round(nanos / 1_000.0) / 1_000.0;
        return ComponentHealth.healthy(Map.of("latency_ms", latencyMs));
    }

    /** The probe still running, or a new one. */
    private synchronized Future<Long> probe() {
        if (pending == null || pending.isDone()) {
            pending = probeThread.submit(() -> {
                long start = System.nanoTime();
                database.jdbi().withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
                return System.nanoTime() - start;
            });
        }
        return pending;
    }

    @PreDestroy
    void stop() {
        probeThread.shutdownNow();
    }
}
