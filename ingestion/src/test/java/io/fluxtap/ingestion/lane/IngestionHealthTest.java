package io.fluxtap.ingestion.lane;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.helidon.microprofile.metrics.RegistryFactory;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import io.fluxtap.ingestion.testing.TestLanes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static io.fluxtap.testing.Await.until;
import static io.fluxtap.ingestion.testing.TestLogs.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestionHealthTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private LaneRouter lanes;
    private IngestionHealth health;

    @BeforeEach
    void create(TestInfo test) {
        lanes = new LaneRouter(sink,
                new IngestMetrics(RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE)),
                TestLanes.settings(dataDir.resolve(test.getDisplayName()),
                        new RingSettings(16, 16, Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMillis(10))));
        health = new IngestionHealth(lanes);
    }

    @AfterEach
    void stop() {
        sink.unblock();
        sink.failing(false);
        lanes.drain();
    }

    @Test
    void healthyWithFiguresWhileRecordsFlow() {
        lanes.start();
        assertEquals(PublishResult.ACCEPTED, lanes.publishLogs(logs("x", 5)).result());
        sink.awaitRecords(5, WAIT);
        until(() -> health.check().details().get("records_stored").equals(5L), WAIT, () -> "" + health.check());

        ComponentHealth check = health.check();
        assertEquals("ingestion", health.component());
        assertEquals(HealthStatus.HEALTHY, check.status());
        assertNull(check.message());
        assertEquals(48L, check.details().get("ring_capacity"), "three lanes of 16 slots");
        assertEquals(48L, check.details().get("ring_remaining"));
        assertEquals(0L, check.details().get("wal_backlog_records"));
        assertTrue((Long) check.details().get("wal_bytes") > 0, "the P1 records went through the WAL");
        assertEquals(5L, check.details().get("records_accepted"));
        assertEquals(0L, check.details().get("store_failures"));
    }

    @Test
    void degradedWhenTheRingIsMoreThan80PercentFull() {
        lanes.start();
        sink.block();
        assertEquals(PublishResult.ACCEPTED, lanes.publishLogs(logs("a", 12)).result());
        assertEquals(HealthStatus.HEALTHY, health.check().status(), "12 of 16 slots is 75%: not yet");

        assertEquals(PublishResult.ACCEPTED, lanes.publishLogs(logs("b", 1)).result());
        ComponentHealth check = health.check();
        assertEquals(HealthStatus.DEGRADED, check.status());
        assertEquals("lane P1 ring is 81% full", check.message());
        assertEquals(35L, check.details().get("ring_remaining"), "3 left in P1 and 16 in each other lane");
    }

    @Test
    void degradedWhileTheStoreFailsAndHealthyAgainOnceItRecovers() {
        lanes.start();
        sink.failing(true);
        assertEquals(PublishResult.ACCEPTED, lanes.publishLogs(logs("x", 2)).result());
        until(() -> health.check().status() == HealthStatus.DEGRADED, WAIT, () -> "" + health.check());
        assertTrue(health.check().message().contains("cannot write to the store"));
        assertTrue((Long) health.check().details().get("store_failures") >= 1);

        sink.failing(false);
        until(() -> health.check().status() == HealthStatus.HEALTHY, WAIT, () -> "" + health.check());
        assertEquals(2L, health.check().details().get("records_stored"));
    }

    @Test
    void unhealthyOnceShutdownBegan() {
        lanes.start();
        lanes.drain();
        ComponentHealth check = health.check();
        assertEquals(HealthStatus.UNHEALTHY, check.status());
        assertEquals("lane P0 is shut down; lane P1 is shut down; lane P2 is shut down", check.message());
    }
}
