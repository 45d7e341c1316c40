package io.fluxtap.ingestion.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** One record's framing: see the package documentation for the layout. */
final class Frame {

    static final int HEADER_BYTES = 16;
    /** Larger lengths can only be garbage: no single record of Fluxtap's comes near it. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

    private Frame() {
    }

    static int frameBytes(int payloadLength) {
        return HEADER_BYTES + payloadLength;
    }

    static void write(ByteBuffer target, long lsn, byte[] payload) {
        target.putInt(payload.length);
        target.putInt(checksum(lsn, payload, 0, payload.length));
        target.putLong(lsn);
        target.put(payload);
    }

    static int checksum(long lsn, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, lsn));
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }
}
