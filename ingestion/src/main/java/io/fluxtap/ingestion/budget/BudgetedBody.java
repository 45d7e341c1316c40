package io.fluxtap.ingestion.budget;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body into one array, taking every byte it allocates from a lease before allocating it. The
 * buffer starts at the declared length (the size as sent; a compressed body grows past it) and doubles as needed;
 * while it is copied both arrays are counted, as both are on the heap.
 */
public final class BudgetedBody {

    private static final int FIRST_CHUNK = 8192;

    private BudgetedBody() {
    }

    /**
     * @param declared the Content-Length, or -1 when the request gave none
     * @param limit    the most bytes to read: the per-request limit plus one, so that the caller sees "too large"
     * @return the body, or its first {@code limit} bytes
     * @throws OverBudget when the lease cannot grow; the lease keeps what it took, for its owner to close
     */
    public static byte[] read(InputStream in, long declared, int limit, InflightBytes.Lease lease)
            throws IOException, OverBudget {
        try {
            return readWithin(in, declared, limit, lease);
        } catch (OverBudget e) {
            // Read the rest and throw it away (a small buffer, no budget), so the 429 reaches a sender that is still
            // writing its body, instead of a reset connection it cannot tell from a network failure.
            discard(in, limit);
            throw e;
        }
    }

    private static void discard(InputStream in, long limit) throws IOException {
        byte[] scratch = new byte[FIRST_CHUNK];
        long left = limit;
        for (int read; left > 0 && (read = in.read(scratch, 0, (int) Math.min(scratch.length, left))) >= 0; ) {
            left -= read;
        }
    }

    private static byte[] readWithin(InputStream in, long declared, int limit, InflightBytes.Lease lease)
            throws IOException, OverBudget {
        int size = (int) Math.min(limit, declared >= 0 ? declared : FIRST_CHUNK);
        lease.take(size);
        byte[] buffer = new byte[size];
        int filled = 0;
        while (filled < limit) {
            if (filled == buffer.length) {
                // Full: only a byte beyond it says whether a bigger buffer is needed (the declared length often fits).
                int next = in.read();
                if (next < 0) {
                    break;
                }
                buffer = resize(buffer, (int) Math.min(limit, Math.max(FIRST_CHUNK, 2L * buffer.length)), lease);
                buffer[filled++] = (byte) next;
                continue;
            }
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                break;
            }
            filled += read;
        }
        if (filled == buffer.length) {
            return buffer;
        }
        // A shorter body than the buffer: the copy is smaller than what the lease already holds, so it is counted in
        // that while both exist, and the lease keeps only the copy afterwards. Never refused: it frees budget.
        byte[] exact = Arrays.copyOf(buffer, filled);
        lease.shrink(buffer.length - filled);
        return exact;
    }

    private static byte[] resize(byte[] buffer, int size, InflightBytes.Lease lease) throws OverBudget {
        lease.take(size);
        byte[] copy = Arrays.copyOf(buffer, size);
        lease.shrink(buffer.length);
        return copy;
    }
}
