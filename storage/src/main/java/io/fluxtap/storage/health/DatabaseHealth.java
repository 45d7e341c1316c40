package io.fluxtap.storage.health;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.storage.duck.DuckDbDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** {@code database}: whether the DuckDB hot store answers a trivial query, and how fast. */
@ApplicationScoped
public class DatabaseHealth implements HealthContributor {

    private final DuckDbDatabase database;

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
        long start = System.nanoTime();
        try {
            database.jdbi().withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
        } catch (Exception e) {
            // The contract says never throw: a failed probe is the answer, not an error.
            return new ComponentHealth(HealthStatus.UNHEALTHY, "SELECT 1 failed: " + e.getMessage(), Map.of());
        }
        double latencyMs = Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0;
        return ComponentHealth.healthy(Map.of("latency_ms", latencyMs));
    }
}
