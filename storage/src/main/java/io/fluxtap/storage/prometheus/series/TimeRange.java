package io.fluxtap.storage.prometheus.series;

/**
 * An inclusive range of sample times in milliseconds. {@link #ALL} means no time restriction at all, as
 * Prometheus' API assumes when {@code start} and {@code end} are left out.
 */
public record TimeRange(long minMs, long maxMs) {

    /** About 285 years either side of the epoch: every time DuckDB and a microsecond long can both hold. */
    static final long EARLIEST_MS = -9_000_000_000_000L;
    static final long LATEST_MS = 9_000_000_000_000L;

    public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public boolean unbounded() {
        return minMs <= EARLIEST_MS && maxMs >= LATEST_MS;
    }

    /** The first microsecond of the range, clamped to what DuckDB can compare with. */
    long fromMicros() {
        return Math.clamp(minMs, EARLIEST_MS, LATEST_MS) * 1000L;
    }

    /** The first microsecond after the range: a sample at 12.9995 ms belongs to millisecond 12. */
    long untilMicros() {
        return (Math.clamp(maxMs, EARLIEST_MS, LATEST_MS) + 1) * 1000L;
    }
}
