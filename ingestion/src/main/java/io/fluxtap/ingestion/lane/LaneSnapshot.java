package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Lane;
import java.util.Optional;

/**
 * A point-in-time view of one lane, for health checks, metrics and dashboards.
 *
 * @param lane          which lane
 * @param capacity      ring slots in total
 * @param remaining     free ring slots
 * @param accepted      records taken into the ring since start
 * @param stored        records the store has confirmed since start
 * @param storeFailures failed write attempts since start (each retry counts)
 * @param storeFailing  whether the latest write attempt failed and the batch is waiting for a retry
 * @param closed        whether the lane stopped accepting records (shutdown began)
 * @param wal           the write-ahead log of a durable lane (P0, P1); empty for P2
 */
public record LaneSnapshot(Lane lane, int capacity, long remaining, long accepted, long stored,
                           long storeFailures, boolean storeFailing, boolean closed, Optional<WalSnapshot> wal) {

    /**
     * @param bytes        size of the log's segments
     * @param quotaBytes   its limit
     * @param segments     segment files
     * @param backlog      acknowledged records the store has not committed yet
     * @param backlogged   whether new records wait in the WAL because the ring had no room
     * @param failure      why the log stopped accepting, or null
     * @param repairedTail what recovery cut off at start-up (a torn or corrupt tail), or null
     */
    public record WalSnapshot(long bytes, long quotaBytes, int segments, long backlog, boolean backlogged,
                              String failure, String repairedTail) {

        public double fill() {
            return quotaBytes == 0 ? 0.0 : (double) bytes / quotaBytes;
        }
    }

    /** The share of the ring in use, 0.0 to 1.0. */
    public double fill() {
        return capacity == 0 ? 0.0 : (double) (capacity - remaining) / capacity;
    }

    LaneSnapshot withWal(WalSnapshot snapshot) {
        return new LaneSnapshot(lane, capacity, remaining, accepted, stored, storeFailures, storeFailing, closed,
                Optional.of(snapshot));
    }
}
