package io.fluxtap.ingestion.wal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one segment's frames in order, stopping at its end or at the first frame that is not whole
 * and valid. Used both by recovery (which wants to know where the good part ends) and by replay.
 */
final class SegmentScanner implements AutoCloseable {

    sealed interface Step permits Step.Record, Step.End, Step.Bad {
        record Record(WalRecord record) implements Step {
        }

        record End() implements Step {
        }

        record Bad(long offset, String reason) implements Step {
        }
    }

    private final DataInputStream in;
    private final long limitBytes;
    private long expectedLsn;
    private long offset;

    /**
     * @param limitBytes  bytes of the segment that may be read (its length when it was listed, so
     *                    frames being appended concurrently are not seen half-written)
     * @param expectedLsn the LSN the first frame must carry
     */
    SegmentScanner(Path file, long limitBytes, long expectedLsn) throws IOException {
        this(file, 0, limitBytes, expectedLsn);
    }

    /**
     * Starts at {@code startOffset}, which must be where a frame begins (a {@link #validEnd()} of an earlier
     * scan of the same segment), so a reader that follows the log need not read it again from the start.
     *
     * @param expectedLsn the LSN of the frame at {@code startOffset}
     */
    SegmentScanner(Path file, long startOffset, long limitBytes, long expectedLsn) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(startOffset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        this.limitBytes = limitBytes;
        this.expectedLsn = expectedLsn;
        this.offset = startOffset;
    }

    /** Offset just past the last good frame read so far. */
    long validEnd() {
        return offset;
    }

    Step next() throws IOException {
        if (offset == limitBytes) {
            return new Step.End();
        }
        long frameStart = offset;
        if (limitBytes - offset < Frame.HEADER_BYTES) {
            return new Step.Bad(frameStart, "torn frame header (" + (limitBytes - offset) + " bytes)");
        }
        try {
            int length = in.readInt();
            int crc = in.readInt();
            long lsn = in.readLong();
            if (length < 0 || length > Frame.MAX_PAYLOAD_BYTES) {
                return new Step.Bad(frameStart, "impossible frame length " + length);
            }
            if (limitBytes - offset - Frame.HEADER_BYTES < length) {
                return new Step.Bad(frameStart, "torn frame payload (needs " + length + " bytes, "
                        + (limitBytes - offset - Frame.HEADER_BYTES) + " left)");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (Frame.checksum(lsn, payload, 0, length) != crc) {
                return new Step.Bad(frameStart, "CRC32C mismatch");
            }
            if (lsn != expectedLsn) {
                return new Step.Bad(frameStart, "LSN " + lsn + " where " + expectedLsn + " was expected");
            }
            offset += Frame.frameBytes(length);
            expectedLsn++;
            return new Step.Record(new WalRecord(lsn, payload));
        } catch (EOFException e) {
            return new Step.Bad(frameStart, "segment ends inside a frame");
        }
    }

    long expectedLsn() {
        return expectedLsn;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
