package io.fluxtap.ingestion.lane;

import java.time.Duration;
import java.util.Objects;

/**
 * How a lane ring is sized and how patiently it deals with producers and the store.
 *
 * @param ringSize            slots in the ring; a power of two (Disruptor indexes slots with a bit mask)
 * @param maxBatch            the most records handed to the store in one write
 * @param publishTimeout      how long a producer waits for room before the request is refused as overloaded
 * @param retryInitialBackoff the pause after the first failed write
 * @param retryMaxBackoff     the longest pause between write attempts (the pause doubles up to it)
 */
public record RingSettings(int ringSize, int maxBatch, Duration publishTimeout,
                           Duration retryInitialBackoff, Duration retryMaxBackoff) {

    private static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(10);
    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);

    public RingSettings {
        if (ringSize < 1 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException(
                    "fluxtap.ingest.ring-size must be a power of two (e.g. 16384), was " + ringSize);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("fluxtap.ingest.max-batch must be at least 1, was " + maxBatch);
        }
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(retryInitialBackoff, "retryInitialBackoff");
        Objects.requireNonNull(retryMaxBackoff, "retryMaxBackoff");
        if (publishTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "fluxtap.ingest.publish-timeout-ms must not be negative, was " + publishTimeout.toMillis());
        }
        if (retryInitialBackoff.isNegative() || retryInitialBackoff.isZero()
                || retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must be positive and its maximum not below its start: "
                    + retryInitialBackoff + " .. " + retryMaxBackoff);
        }
    }

    /** Settings with the default store retry backoff (10 ms doubling up to 1 s). */
    public static RingSettings of(int ringSize, int maxBatch, Duration publishTimeout) {
        return new RingSettings(ringSize, maxBatch, publishTimeout, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }
}
