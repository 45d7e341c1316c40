package io.fluxtap.ingestion.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few file operations the log performs on a segment it writes. A seam, as Prometheus' {@code tsdb/wlog}
 * has one for its segment files, so tests can make a write or an fsync fail the way a full disk or a failing
 * device does.
 */
public interface SegmentChannel extends AutoCloseable {

    /** Writes from {@code source} at {@code position}; returns the bytes written (possibly fewer than remain). */
    int write(ByteBuffer source, long position) throws IOException;

    /** Makes everything written so far durable ({@code fdatasync}). */
    void force() throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    long size() throws IOException;

    boolean isOpen();

    @Override
    void close() throws IOException;

    /** Opens (creating if needed) a segment file for writing. */
    @FunctionalInterface
    interface Opener {
        SegmentChannel open(Path file) throws IOException;
    }

    /** Real files through {@link FileChannel}. */
    Opener FILES = file -> {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new SegmentChannel() {
            @Override
            public int write(ByteBuffer source, long position) throws IOException {
                return channel.write(source, position);
            }

            @Override
            public void force() throws IOException {
                channel.force(false);
            }

            @Override
            public void truncate(long size) throws IOException {
                channel.truncate(size);
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    };
}
