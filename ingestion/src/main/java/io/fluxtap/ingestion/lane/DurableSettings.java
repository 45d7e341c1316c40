package io.fluxtap.ingestion.lane;

import java.time.Duration;
import java.util.Objects;

/**
 * How a durable lane (P0, P1) uses its write-ahead log.
 *
 * @param quotaWait           how long a request waits for WAL space before it is answered "throttled"
 * @param ackTimeout          how long a request waits for its fsync before it is answered "unavailable"
 * @param replayRecordsPerSecond the most WAL records per second fed back into the ring while catching up,
 *                               so a backlog does not swamp the store
 */
public record DurableSettings(Duration quotaWait, Duration ackTimeout, int replayRecordsPerSecond) {

    public DurableSettings {
        Objects.requireNonNull(quotaWait, "quotaWait");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (replayRecordsPerSecond < 1) {
            throw new IllegalArgumentException(
                    "fluxtap.wal.replay.max-records-per-second must be at least 1, was " + replayRecordsPerSecond);
        }
    }
}
