package io.fluxtap.ingestion.wal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening a log found on disk.
 *
 * @param segments   segment files kept
 * @param records    valid records in them
 * @param lastLsn    the LSN of the last valid record, or {@code nextLsn - 1} when there is none
 * @param corruption the torn or corrupt tail that was cut off, if any
 */
public record WalRecovery(int segments, long records, long lastLsn, Optional<Corruption> corruption) {

    /**
     * @param segment         the segment in which the first bad frame sits
     * @param offset          byte offset of that frame; the segment was truncated here
     * @param reason          what was wrong (short read, bad length, CRC mismatch, LSN out of sequence)
     * @param deletedSegments later segments deleted with it
     */
    public record Corruption(Path segment, long offset, String reason, int deletedSegments) {
    }
}
