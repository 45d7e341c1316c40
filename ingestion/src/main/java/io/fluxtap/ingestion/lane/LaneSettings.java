package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Level;
import io.fluxtap.ingestion.wal.SegmentChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the three lanes are configured with.
 *
 * @param ring             ring size, batch size and publish timeout (applied to each lane's ring)
 * @param drainTimeout     how long shutdown waits for each lane to store what it holds
 * @param walDirectory     parent of the per-lane WAL directories ({@code <data>/wal})
 * @param walSegmentBytes  WAL segment size
 * @param walQuotaBytes    WAL size limit, per durable lane
 * @param p1GroupCommit    how long P1's sync thread gathers appends before an fsync (P0 syncs at once)
 * @param durable          quota wait, ack timeout and replay rate of the durable lanes
 * @param p0Services       services whose logs are mission-critical and take lane P0
 * @param p1MinLevel       the lowest log level that takes lane P1; lower levels take P2
 * @param walFiles         how WAL segment files are opened: real files, or a test's failing ones
 */
public record LaneSettings(RingSettings ring, Duration drainTimeout, Path walDirectory, long walSegmentBytes,
                           long walQuotaBytes, Duration p1GroupCommit, DurableSettings durable,
                           Set<String> p0Services, Level p1MinLevel, SegmentChannel.Opener walFiles) {

    /** Settings whose WAL writes real files. */
    public LaneSettings(RingSettings ring, Duration drainTimeout, Path walDirectory, long walSegmentBytes,
                        long walQuotaBytes, Duration p1GroupCommit, DurableSettings durable,
                        Set<String> p0Services, Level p1MinLevel) {
        this(ring, drainTimeout, walDirectory, walSegmentBytes, walQuotaBytes, p1GroupCommit, durable, p0Services,
                p1MinLevel, SegmentChannel.FILES);
    }

    public LaneSettings {
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(walDirectory, "walDirectory");
        Objects.requireNonNull(p1GroupCommit, "p1GroupCommit");
        Objects.requireNonNull(durable, "durable");
        p0Services = Set.copyOf(p0Services);
        Objects.requireNonNull(p1MinLevel, "p1MinLevel");
        Objects.requireNonNull(walFiles, "walFiles");
    }
}
