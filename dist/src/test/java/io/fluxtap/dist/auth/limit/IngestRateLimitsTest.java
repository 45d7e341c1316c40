package io.fluxtap.dist.auth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.auth.IngestRateLimit.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets against a clock the test moves. */
class IngestRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> hits = new ArrayList<>();

    private IngestRateLimits limits(double requestsPerSecond, double bytesPerSecond, double burstSeconds) {
        return new IngestRateLimits(requestsPerSecond, bytesPerSecond, burstSeconds, nanos::get,
                (limiter, sender) -> hits.add(limiter + " " + sender));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aSenderMayBurstItsBucketThenGetsItsRateAndIsToldWhenToRetry() {
        IngestRateLimits limits = limits(2, 0, 2);
        for (int i = 0; i < 4; i++) {
            assertEquals(Optional.empty(), limits.admit("ci-sender", 1, 100), "request " + i + " of the burst");
        }
        Refusal refused = limits.admit("ci-sender", 1, 100).orElseThrow();
        assertEquals("requests", refused.limiter());
        assertEquals(Duration.ofMillis(500), refused.retryAfter());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals("rate limit: sender 'ci-sender' may send 2 requests/s; retry after 1 s", refused.message());
        assertEquals(List.of("requests ci-sender"), hits);

        advance(Duration.ofMillis(499));
        assertTrue(limits.admit("ci-sender", 1, 0).isPresent(), "one token is 500 ms of refill");
        advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), limits.admit("ci-sender", 1, 0));
        assertTrue(limits.admit("ci-sender", 1, 0).isPresent());
    }

    @Test
    void sendersHaveBudgetsOfTheirOwn() {
        IngestRateLimits limits = limits(1, 0, 1);
        assertEquals(Optional.empty(), limits.admit("a", 1, 0));
        assertTrue(limits.admit("a", 1, 0).isPresent());
        assertEquals(Optional.empty(), limits.admit("b", 1, 0), "b is not slowed by a");
    }

    @Test
    void bytesAreLimitedToo_andARefusalChargesNothing() {
        IngestRateLimits limits = limits(10, 1000, 1);
        assertEquals(Optional.empty(), limits.admit("s", 1, 800));
        Refusal refused = limits.admit("s", 1, 400).orElseThrow();
        assertEquals("bytes", refused.limiter());
        assertEquals(Duration.ofMillis(200), refused.retryAfter(), "200 bytes short at 1000 bytes/s");
        assertEquals("rate limit: sender 's' may send 1000 bytes/s; retry after 1 s", refused.message());
        // The refused request took no request token: 9 more of the 10 still fit (each with no body).
        for (int i = 0; i < 9; i++) {
            assertEquals(Optional.empty(), limits.admit("s", 1, 0), "request " + i);
        }
        assertEquals("requests", limits.admit("s", 1, 0).orElseThrow().limiter());
    }

    @Test
    void aRequestLargerThanTheWholeBucketPassesWhenItIsFullAndPaysItsDebtAfter() {
        IngestRateLimits limits = limits(0, 1000, 1);
        assertEquals(Optional.empty(), limits.admit("s", 1, 5000), "never refused for ever");
        Refusal refused = limits.admit("s", 1, 1).orElseThrow();
        assertEquals(Duration.ofMillis(4001), refused.retryAfter(), "4000 bytes in debt, then one more");
        advance(Duration.ofSeconds(5));
        assertEquals(Optional.empty(), limits.admit("s", 1, 5000));
    }

    @Test
    void idleSendersAreForgottenAndUnknownOnesShareABudgetWhenTooManyAreBusy() {
        IngestRateLimits limits = limits(1, 0, 1);
        for (int i = 0; i < IngestRateLimits.MAX_SENDERS; i++) {
            assertEquals(Optional.empty(), limits.admit("10.0.0." + i, 1, 0));
        }
        assertEquals(IngestRateLimits.MAX_SENDERS, limits.senderCount());
        // Every known sender is busy (bucket empty): newcomers share one budget.
        assertEquals(Optional.empty(), limits.admit("new-1", 1, 0));
        Refusal shared = limits.admit("new-2", 1, 0).orElseThrow();
        assertTrue(shared.message().contains("'" + IngestRateLimits.OVERFLOW + "'"), shared.message());
        // Once they are idle (buckets full again), they are forgotten to make room.
        advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), limits.admit("new-3", 1, 0));
        assertTrue(limits.senderCount() <= 2, "senders kept: " + limits.senderCount());
    }

    @Test
    void offAdmitsEverythingAndBadSettingsAreRefusedAtStart() {
        IngestRateLimits off = limits(0, 0, 1);
        assertFalse(off.enabled());
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), off.admit("s", 1, 1 << 20));
        }
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> limits(-1, 0, 1));
        assertEquals("fluxtap.auth.rate-limit.requests-per-second must be 0 (no limit) or a positive rate, not -1.0",
                negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> limits(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 0, 0));
    }
}
