package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Lane;

/**
 * A point-in-time view of one lane, for health checks and dashboards.
 *
 * @param lane          which lane
 * @param capacity      ring slots in total
 * @param remaining     free ring slots
 * @param accepted      records taken into the ring since start
 * @param stored        records the store has confirmed since start
 * @param storeFailures failed write attempts since start (each retry counts)
 * @param storeFailing  whether the latest write attempt failed and the batch is waiting for a retry
 * @param closed        whether the lane stopped accepting records (shutdown began)
 */
public record LaneSnapshot(Lane lane, int capacity, long remaining, long accepted, long stored,
                           long storeFailures, boolean storeFailing, boolean closed) {

    /** The share of the ring in use, 0.0 to 1.0. */
    public double fill() {
        return capacity == 0 ? 0.0 : (double) (capacity - remaining) / capacity;
    }
}
