package io.fluxtap.ingestion.policy.sampling;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code rate_limiting}: a token bucket of spans, as the Collector's (golang.org/x/time/rate): it refills at
 * {@code spans_per_second}, holds at most twice that, starts full, and a trace is sampled when the bucket holds its
 * span count (which it then takes). A trace bigger than the bucket never passes. Time comes from the sampler's clock.
 */
final class RateLimitingPolicy implements SamplingPolicy {

    private final long spansPerSecond;
    private final double capacity;
    private double tokens;
    private Instant last;

    RateLimitingPolicy(long spansPerSecond) {
        this.spansPerSecond = spansPerSecond;
        this.capacity = 2.0 * spansPerSecond;
        this.tokens = capacity;
    }

    @Override
    public synchronized Decision evaluate(TraceView trace, Instant now) {
        if (last != null && now.isAfter(last)) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + seconds * spansPerSecond);
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
        int spans = trace.spans().size();
        if (spans <= tokens) {
            tokens -= spans;
            return Decision.SAMPLED;
        }
        return Decision.NOT_SAMPLED;
    }
}
