package io.fluxtap.ingestion.otlp.translate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;

/**
 * Turns OTLP DELTA streams (sums and histograms) into the cumulative series Prometheus expects, by keeping
 * each stream's running total in memory, keyed by its series identity.
 *
 * <ul>
 *   <li>The first delta of a stream starts its total. Fluxtap keeps no totals across its own restarts: after
 *       one, every stream starts again from zero, which PromQL's {@code rate()} reads as a counter reset.</li>
 *   <li>A delta whose interval starts where the last ended, or later (an SDK skips intervals without
 *       measurements, and a restarted producer starts a new interval), is added: deltas add up across both.</li>
 *   <li>A delta whose interval starts before the last point's time, yet ends after it, belongs to a new
 *       stream (its start time went back): the total starts again from it.</li>
 *   <li>A delta no later than the last one is refused: a retried export must not be counted twice.</li>
 *   <li>Totals of deltas that cannot be added (histogram bucket layouts that changed) start again from the
 *       new delta.</li>
 *   <li>Streams idle for longer than the idle limit are forgotten; at the stream limit, new streams are
 *       refused, so a flood of series cannot exhaust memory.</li>
 * </ul>
 * Thread-safe: exports of one signal are decoded concurrently.
 */
final class DeltaAccumulator {

    static final Duration DEFAULT_IDLE_LIMIT = Duration.ofHours(1);
    static final int DEFAULT_MAX_STREAMS = 100_000;

    private final Map<StreamKey, Stream> streams = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long idleLimitNanos;
    private final int maxStreams;
    private volatile long nextSweepNanos;

    DeltaAccumulator(Clock clock) {
        this(clock, DEFAULT_IDLE_LIMIT, DEFAULT_MAX_STREAMS);
    }

    DeltaAccumulator(Clock clock, Duration idleLimit, int maxStreams) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleLimitNanos = idleLimit.toNanos();
        this.maxStreams = maxStreams;
    }

    /**
     * Adds one delta to its stream's total.
     *
     * @param key        the stream's identity
     * @param startNanos the delta interval's start, 0 when the sender left it out
     * @param timeNanos  the delta interval's end
     * @param plus       adds a delta to a total; null when the two cannot be added
     * @return the total including this delta
     * @throws InvalidDataPoint when the delta is not newer than the stream's last one, or no stream can be added
     */
    <V> V add(StreamKey key, long startNanos, long timeNanos, V delta, BinaryOperator<V> plus) throws InvalidDataPoint {
        long now = nowNanos();
        sweepIdle(now);
        Stream[] outcome = new Stream[1];
        boolean[] full = new boolean[1];
        streams.compute(key, (k, stream) -> {
            if (stream == null) {
                if (streams.size() >= maxStreams) {
                    full[0] = true;
                    return null;
                }
                return outcome[0] = new Stream(timeNanos, delta, now);
            }
            if (Long.compareUnsigned(timeNanos, stream.timeNanos) <= 0) {
                outcome[0] = null;
                return stream;
            }
            @SuppressWarnings("unchecked")
            V total = stream.total.getClass() == delta.getClass() ? plus.apply((V) stream.total, delta) : null;
            boolean restarted = startNanos != 0 && Long.compareUnsigned(startNanos, stream.timeNanos) < 0;
            return outcome[0] = new Stream(timeNanos, restarted || total == null ? delta : total, now);
        });
        if (full[0]) {
            throw new InvalidDataPoint("too many delta streams to keep running totals for (limit " + maxStreams
                    + "); send cumulative temporality instead");
        }
        if (outcome[0] == null) {
            throw new InvalidDataPoint("delta point is not newer than the last point of its series"
                    + " (out of order, or sent twice)");
        }
        @SuppressWarnings("unchecked")
        V total = (V) outcome[0].total;
        return total;
    }

    int streams() {
        return streams.size();
    }

    private void sweepIdle(long now) {
        if (now - nextSweepNanos < 0) {
            return;
        }
        // Sweeping at most once per tenth of the idle limit keeps the cost off the per-point path.
        nextSweepNanos = now + Math.max(1, idleLimitNanos / 10);
        streams.values().removeIf(stream -> now - stream.touchedNanos > idleLimitNanos);
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * A delta stream's identity.
     *
     * @param kind   what is accumulated ("sum", "histogram"), so equal names of different kinds stay apart
     * @param name   the metric name
     * @param labels the series labels
     */
    record StreamKey(String kind, String name, Map<String, String> labels) {
    }

    /**
     * @param timeNanos    the end of the last delta added
     * @param total        the running total: a Double for sums, a {@link BucketHistogram} for histograms
     * @param touchedNanos when the stream last took a delta, by Fluxtap's clock
     */
    private record Stream(long timeNanos, Object total, long touchedNanos) {
    }
}
