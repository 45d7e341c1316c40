package io.fluxtap.ingestion.budget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies the receivers hold at once, at most {@code fluxtap.ingest.max-inflight-bytes}. Refusal is
 * immediate, never a wait: a sender told 429 retries later, while a request waiting for budget would hold its
 * connection and whatever it had read.
 *
 * <p>A request alone in flight may go past the budget (up to its own per-request limit): otherwise a budget below
 * {@code max-request-bytes} would refuse such a request for good, however idle the server.
 */
@ApplicationScoped
public class InflightBytes {

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    @Inject
    public InflightBytes(@ConfigProperty(name = "fluxtap.ingest.max-inflight-bytes", defaultValue = "67108864")
                         long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("fluxtap.ingest.max-inflight-bytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** No bound: for tests and tools that build a receiver by hand. */
    public static InflightBytes unbounded() {
        return new InflightBytes(Long.MAX_VALUE);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes held by open leases now. */
    public long inUse() {
        return used.get();
    }

    /** A lease holding nothing yet; one per request, used by one thread, closed on every path. */
    public Lease open() {
        return new Lease();
    }

    /** One request's share. Not thread-safe: a request reads its body on one thread. */
    public final class Lease implements AutoCloseable {

        private long held;
        private boolean closed;

        private Lease() {
        }

        /** Takes {@code bytes} more; false (and nothing taken) when that would pass the budget. */
        public boolean grow(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative: " + bytes);
            }
            if (closed) {
                throw new IllegalStateException("lease already closed");
            }
            while (true) {
                long now = used.get();
                boolean alone = now == held;
                if (!alone && now + bytes > maxBytes || now + bytes < 0) {
                    return false;
                }
                if (used.compareAndSet(now, now + bytes)) {
                    held += bytes;
                    return true;
                }
            }
        }

        /** As {@link #grow}, for callers that refuse the request when it fails. */
        public void take(long bytes) throws OverBudget {
            if (!grow(bytes)) {
                throw new OverBudget(maxBytes);
            }
        }

        /** Gives back {@code bytes} of what this lease holds (a buffer it let go of). */
        public void shrink(long bytes) {
            if (bytes < 0 || bytes > held) {
                throw new IllegalArgumentException("cannot give back " + bytes + " of " + held + " bytes");
            }
            held -= bytes;
            used.addAndGet(-bytes);
        }

        /** The budget this lease draws on. */
        public long maxBytes() {
            return maxBytes;
        }

        public long held() {
            return held;
        }

        /** Gives everything back; a second close does nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                used.addAndGet(-held);
                held = 0;
            }
        }
    }
}
