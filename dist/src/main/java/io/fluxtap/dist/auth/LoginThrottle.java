package io.fluxtap.dist.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per user name and per client address alike (a key is {@code user:alice} or
 * {@code ip:10.0.0.7}): {@value #FREE_FAILURES} failures in a row are free, then each further one locks the key for
 * twice as long as the last, from 1 s up to {@link #MAX_LOCK}. A success clears the key; a key quiet for
 * {@link #FORGET_AFTER} is forgotten. Locked keys are refused before the password is hashed, so the throttle also
 * keeps a guesser from spending the server's CPU on PBKDF2.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Bounds the memory a flood of made-up names or addresses can take. */
    private static final int MAX_KEYS = 100_000;

    private record State(int failures, Instant lockedUntil, Instant last) {
    }

    private final Clock clock;
    private final Map<String, State> keys = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** @return how long the key is still locked; zero when it may try */
    Duration lockedFor(String key) {
        State state = keys.get(key);
        Instant now = clock.instant();
        if (state == null || !state.lockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, state.lockedUntil());
    }

    void failed(String key) {
        Instant now = clock.instant();
        if (keys.size() >= MAX_KEYS) {
            keys.values().removeIf(s -> s.last().plus(FORGET_AFTER).isBefore(now));
        }
        keys.compute(key, (k, old) -> {
            int failures = old == null || old.last().plus(FORGET_AFTER).isBefore(now) ? 1 : old.failures() + 1;
            Instant until = now;
            if (failures > FREE_FAILURES) {
                int doublings = Math.min(failures - FREE_FAILURES - 1, 20);
                Duration lock = Duration.ofSeconds(1L << doublings);
                until = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            }
            return new State(failures, until, now);
        });
    }

    void succeeded(String key) {
        keys.remove(key);
    }
}
