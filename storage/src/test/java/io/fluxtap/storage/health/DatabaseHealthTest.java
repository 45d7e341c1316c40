package io.fluxtap.storage.health;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.storage.duck.DuckDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseHealthTest {

    @TempDir
    Path tmp;

    @Test
    void anOpenDatabaseIsHealthyWithItsLatency() {
        try (DuckDbDatabase db = new DuckDbDatabase(tmp)) {
            DatabaseHealth health = new DatabaseHealth(db);
            ComponentHealth result = health.check();

            assertEquals("database", health.component());
            assertEquals(HealthStatus.HEALTHY, result.status());
            double latency = assertInstanceOf(Double.class, result.details().get("latency_ms"));
            assertTrue(latency >= 0 && latency < 10_000, "latency " + latency);
        }
    }

    @Test
    void aClosedDatabaseIsUnhealthy() {
        DuckDbDatabase db = new DuckDbDatabase(tmp);
        db.close();
        ComponentHealth result = new DatabaseHealth(db).check();
        assertEquals(HealthStatus.UNHEALTHY, result.status());
        assertEquals("the DuckDB database is closed", result.message());
    }
}
