package io.fluxtap.ingestion.wal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a write-ahead log behaves.
 *
 * @param directory        where its segments live
 * @param segmentBytes     a new segment starts when the current one would grow past this
 * @param quotaBytes       appends that would take the log past this fail with {@link WalFullException}
 * @param groupCommitDelay how long the sync thread waits to gather appends before an fsync; zero syncs at once
 */
public record WalOptions(Path directory, long segmentBytes, long quotaBytes, Duration groupCommitDelay) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    public WalOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(groupCommitDelay, "groupCommitDelay");
        if (segmentBytes < Frame.HEADER_BYTES + 1) {
            throw new IllegalArgumentException("segment size too small: " + segmentBytes);
        }
        if (quotaBytes < segmentBytes) {
            throw new IllegalArgumentException("WAL quota (" + quotaBytes + ") must be at least one segment (" + segmentBytes + ")");
        }
        if (groupCommitDelay.isNegative()) {
            throw new IllegalArgumentException("group commit delay must not be negative");
        }
    }
}
