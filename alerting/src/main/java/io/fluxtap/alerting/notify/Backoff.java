package io.fluxtap.alerting.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait between notification attempts, as the exponential backoff Alertmanager retries with (cenkalti/backoff's
 * defaults: 500 ms, × 1.5 per attempt, at most 60 s, ± 50 % randomised).
 *
 * @param randomization the jitter factor: each wait is drawn from {@code [w·(1-r), w·(1+r)]}; 0 makes it exact
 * @param random        uniform numbers in {@code [0, 1)}
 */
public record Backoff(Duration initial, double multiplier, Duration max, double randomization, DoubleSupplier random) {

    public static Backoff alertmanagerDefault() {
        return new Backoff(Duration.ofMillis(500), 1.5, Duration.ofSeconds(60), 0.5, Math::random);
    }

    /** Waits without jitter, for tests. */
    public static Backoff exact(Duration initial, double multiplier, Duration max) {
        return new Backoff(initial, multiplier, max, 0, () -> 0.5);
    }

    /** The wait after the {@code attempt}-th failed attempt (1 = the first). */
    public Duration wait(int attempt) {
        double nanos = initial.toNanos();
        for (int i = 1; i < attempt && nanos < max.toNanos(); i++) {
            nanos *= multiplier;
        }
        nanos = Math.min(nanos, max.toNanos());
        double delta = randomization * nanos;
        double drawn = nanos - delta + random.getAsDouble() * 2 * delta;
        return Duration.ofNanos((long) drawn);
    }
}
