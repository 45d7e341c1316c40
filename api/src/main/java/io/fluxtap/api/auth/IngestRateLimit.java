package io.fluxtap.api.auth;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Rate limits on ingest, per sender: the token's name with access control on, else the client's address. Every
 * ingest listener asks before it decodes anything, so a refused request costs the server almost nothing and nothing
 * of it is stored. The server has one (dist); a container without one admits everything.
 */
public interface IngestRateLimit {

    /** False when no limit is configured: listeners then do not call {@link #admit}. */
    boolean enabled();

    /**
     * Charges {@code requests} requests and {@code bytes} body bytes to the sender when both limits have room.
     *
     * @return empty when admitted, else why not and when to try again; nothing is charged then
     */
    Optional<Refusal> admit(String sender, long requests, long bytes);

    /** The client's address without its port: what a sender without a token is charged as. */
    static String senderAddress(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(peer);
    }

    /**
     * @param limiter    which limit refused: {@code requests} or {@code bytes}
     * @param retryAfter when the sender's budget has room again for what it asked
     * @param message    one line for the caller
     */
    record Refusal(String limiter, Duration retryAfter, String message) {
        public Refusal {
            Objects.requireNonNull(limiter, "limiter");
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(message, "message");
        }

        /** Whole seconds for {@code Retry-After}, at least 1 (0 would invite an immediate retry). */
        public long retryAfterSeconds() {
            return wholeSeconds(retryAfter);
        }

        /** {@code wait} rounded up to whole seconds, at least 1. */
        public static long wholeSeconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }
}
