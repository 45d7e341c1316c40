package io.fluxtap.ingestion.lane;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingestion's health: degraded while a ring or a write-ahead log is more than 80% full, the store is refusing
 * writes, or acknowledged records wait in a WAL for the store (records are then piling up, not lost);
 * unhealthy once shutdown began or a WAL cannot accept records (requests are refused).
 */
@ApplicationScoped
public class IngestionHealth implements HealthContributor {

    static final double DEGRADED_FILL = 0.8;

    private final LaneRouter lanes;

    @Inject
    public IngestionHealth(LaneRouter lanes) {
        this.lanes = lanes;
    }

    @Override
    public String component() {
        return "ingestion";
    }

    @Override
    public ComponentHealth check() {
        try {
            return assess(lanes.snapshots());
        } catch (RuntimeException e) {
            return new ComponentHealth(HealthStatus.UNHEALTHY, "health check failed: " + e, Map.of());
        }
    }

    static ComponentHealth assess(List<LaneSnapshot> snapshots) {
        long capacity = 0;
        long remaining = 0;
        long accepted = 0;
        long stored = 0;
        long failures = 0;
        long walBytes = 0;
        long walBacklog = 0;
        Map<String, Object> repairs = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.HEALTHY;
        List<String> problems = new ArrayList<>();
        for (LaneSnapshot lane : snapshots) {
            capacity += lane.capacity();
            remaining += lane.remaining();
            accepted += lane.accepted();
            stored += lane.stored();
            failures += lane.storeFailures();
            if (lane.closed()) {
                status = HealthStatus.UNHEALTHY;
                problems.add("lane " + lane.lane().label() + " is shut down");
            }
            if (lane.storeFailing()) {
                status = worse(status, HealthStatus.DEGRADED);
                problems.add("lane " + lane.lane().label() + " cannot write to the store and is retrying");
            }
            if (lane.fill() > DEGRADED_FILL) {
                status = worse(status, HealthStatus.DEGRADED);
                problems.add("lane " + lane.lane().label() + " ring is " + Math.round(lane.fill() * 100) + "% full");
            }
            if (lane.wal().isPresent()) {
                LaneSnapshot.WalSnapshot wal = lane.wal().get();
                walBytes += wal.bytes();
                walBacklog += wal.backlog();
                if (wal.failure() != null) {
                    status = HealthStatus.UNHEALTHY;
                    problems.add("lane " + lane.lane().label() + " write-ahead log cannot accept records: " + wal.failure());
                }
                if (wal.backlogged()) {
                    status = worse(status, HealthStatus.DEGRADED);
                    problems.add("lane " + lane.lane().label() + " has " + wal.backlog()
                            + " acknowledged records waiting in the write-ahead log for the store");
                }
                if (wal.fill() > DEGRADED_FILL) {
                    status = worse(status, HealthStatus.DEGRADED);
                    problems.add("lane " + lane.lane().label() + " write-ahead log is at " + Math.round(wal.fill() * 100)
                            + "% of its quota");
                }
                if (wal.repairedTail() != null) {
                    repairs.put(lane.lane().label(), wal.repairedTail());
                }
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ring_capacity", capacity);
        details.put("ring_remaining", remaining);
        details.put("records_accepted", accepted);
        details.put("records_stored", stored);
        details.put("store_failures", failures);
        details.put("wal_bytes", walBytes);
        details.put("wal_backlog_records", walBacklog);
        if (!repairs.isEmpty()) {
            // A torn tail after a crash is expected (the record was never acknowledged); shown, not alarmed on.
            details.put("wal_repaired_at_start", repairs);
        }
        return new ComponentHealth(status, problems.isEmpty() ? null : String.join("; ", problems), details);
    }

    private static HealthStatus worse(HealthStatus a, HealthStatus b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
