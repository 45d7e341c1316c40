package io.fluxtap.ingestion.otlp.translate;

import java.util.List;

/**
 * An OTLP histogram data point (explicit or exponential buckets) as the counts a classic Prometheus
 * histogram exposes. Counts are OTLP's unsigned 64-bit values held in longs.
 */
sealed interface BucketHistogram permits ExplicitBucketHistogram, ExponentialBucketHistogram {

    /** The {@code le} buckets in ascending order, without {@code +Inf} (which is always {@link #count()}). */
    List<ClassicBucket> classicBuckets();

    long count();

    double sum();

    boolean hasSum();

    /**
     * This histogram with a later delta added, or null when the two cannot be added (different bucket
     * layouts), in which case the running total starts again from the delta.
     */
    BucketHistogram plus(BucketHistogram delta);

    /** A bucket of a classic histogram: how many observations were less than or equal to {@code upperBound}. */
    record ClassicBucket(double upperBound, double cumulativeCount) {
    }

    /** An unsigned 64-bit count as a double, so counts of 2^63 and more stay positive. */
    static double unsigned(long count) {
        return count >= 0 ? count : ((count >>> 1) * 2.0) + (count & 1);
    }
}
