package io.fluxtap.dist.auth;

import io.fluxtap.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Repeated failed sign-ins lock a key for doubling times; a success or a quiet hour clears it. */
class LoginThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void theFirstFailuresAreFreeThenTheLockDoubles() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("user:alice");
            assertEquals(Duration.ZERO, throttle.lockedFor("user:alice"), "failure " + (i + 1));
        }
        throttle.failed("user:alice");
        assertEquals(Duration.ofSeconds(1), throttle.lockedFor("user:alice"));
        throttle.failed("user:alice");
        assertEquals(Duration.ofSeconds(2), throttle.lockedFor("user:alice"));
        throttle.failed("user:alice");
        assertEquals(Duration.ofSeconds(4), throttle.lockedFor("user:alice"));
        clock.advance(Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(1), throttle.lockedFor("user:alice"));
        assertEquals(Duration.ZERO, throttle.lockedFor("ip:10.0.0.7"), "keys are independent");
        for (int i = 0; i < 30; i++) {
            throttle.failed("user:alice");
        }
        assertEquals(LoginThrottle.MAX_LOCK, throttle.lockedFor("user:alice"));
    }

    @Test
    void aSuccessOrAQuietHourClearsTheKey() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("ip:10.0.0.7");
        }
        assertEquals(Duration.ofSeconds(1), throttle.lockedFor("ip:10.0.0.7"));
        throttle.succeeded("ip:10.0.0.7");
        assertEquals(Duration.ZERO, throttle.lockedFor("ip:10.0.0.7"));

        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("user:bob");
        }
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        throttle.failed("user:bob");
        assertEquals(Duration.ZERO, throttle.lockedFor("user:bob"), "counted from one again");
    }
}
