package io.fluxtap.dist.auth.limit;

/**
 * A token bucket: {@code rate} tokens a second, holding at most {@code capacity}. A request larger than the whole
 * bucket is let through when the bucket is full and leaves it in debt, so an oversized request is slowed to the rate
 * instead of refused for ever. Not thread-safe: the caller holds the sender's lock.
 */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long updatedNanos;

    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        this.perNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.updatedNanos = nowNanos;
    }

    /** Nanoseconds until {@code amount} can be taken: 0 when it can be now. Takes nothing. */
    long waitNanos(double amount, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(amount, capacity);
        if (tokens >= needed) {
            return 0;
        }
        return (long) Math.ceil((needed - tokens) / perNano);
    }

    void take(double amount) {
        tokens -= amount;
    }

    /** True when the bucket is full: a sender idle that long costs nothing to forget. */
    boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            updatedNanos = nowNanos;
        }
    }
}
