package io.fluxtap.ingestion.testing;

import io.fluxtap.ingestion.wal.SegmentChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real segment files whose writes, fsyncs and truncations can be made to fail, as a full disk or a failing
 * device makes them fail. A failing write first writes part of what it was given, as a real one can.
 */
public final class FaultyFiles implements SegmentChannel.Opener {

    private volatile int writeFailsAfterBytes = -1;
    private volatile boolean forceFails;
    private volatile boolean truncateFails;
    private final AtomicInteger failedForces = new AtomicInteger();

    /** Every write from now on writes at most {@code bytes} bytes and then fails with "No space left on device". */
    public void failWritesAfter(int bytes) {
        writeFailsAfterBytes = bytes;
    }

    public void failForces(boolean fail) {
        forceFails = fail;
    }

    public void failTruncates(boolean fail) {
        truncateFails = fail;
    }

    public void heal() {
        writeFailsAfterBytes = -1;
        forceFails = false;
        truncateFails = false;
    }

    public int failedForces() {
        return failedForces.get();
    }

    @Override
    public SegmentChannel open(Path file) throws IOException {
        SegmentChannel real = SegmentChannel.FILES.open(file);
        return new SegmentChannel() {
            @Override
            public int write(ByteBuffer source, long position) throws IOException {
                int limit = writeFailsAfterBytes;
                if (limit < 0) {
                    return real.write(source, position);
                }
                if (limit > 0 && source.remaining() > 0) {
                    ByteBuffer part = source.slice(source.position(), Math.min(limit, source.remaining()));
                    int written = real.write(part, position);
                    source.position(source.position() + written);
                }
                throw new IOException("No space left on device (injected)");
            }

            @Override
            public void force() throws IOException {
                if (forceFails) {
                    failedForces.incrementAndGet();
                    throw new IOException("Input/output error (injected fsync failure)");
                }
                real.force();
            }

            @Override
            public void truncate(long size) throws IOException {
                if (truncateFails) {
                    throw new IOException("Input/output error (injected truncate failure)");
                }
                real.truncate(size);
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public boolean isOpen() {
                return real.isOpen();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
