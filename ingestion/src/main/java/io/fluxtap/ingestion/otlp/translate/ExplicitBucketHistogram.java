package io.fluxtap.ingestion.otlp.translate;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An OTLP explicit-bucket histogram point. Bucket {@code i} counts observations in
 * {@code (bounds[i-1], bounds[i]]}, the last one those above every bound; a point may also carry no
 * buckets at all, only count and sum.
 *
 * @param bounds the explicit bounds, strictly increasing
 * @param counts per-bucket counts, {@code bounds.length + 1} of them, or none
 */
record ExplicitBucketHistogram(double[] bounds, long[] counts, long count, double sum, boolean hasSum)
        implements BucketHistogram {

    /** @throws InvalidDataPoint when the buckets do not describe a histogram (the counts would not add up) */
    static ExplicitBucketHistogram of(HistogramDataPoint point) throws InvalidDataPoint {
        double[] bounds = point.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = point.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new InvalidDataPoint("histogram explicit_bounds must be increasing numbers");
            }
        }
        if (counts.length != 0 && counts.length != bounds.length + 1) {
            throw new InvalidDataPoint("histogram has " + counts.length + " bucket_counts for "
                    + bounds.length + " explicit_bounds (needs one more count than bounds)");
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (counts.length != 0 && total != point.getCount()) {
            throw new InvalidDataPoint("histogram bucket_counts add up to " + Long.toUnsignedString(total)
                    + ", not to its count " + Long.toUnsignedString(point.getCount()));
        }
        return new ExplicitBucketHistogram(bounds, counts, point.getCount(), point.getSum(), point.hasSum());
    }

    /** A point without bucket counts (count and sum only) has no buckets but {@code +Inf}. */
    @Override
    public List<ClassicBucket> classicBuckets() {
        List<ClassicBucket> buckets = new ArrayList<>(bounds.length);
        double cumulative = 0;
        for (int i = 0; i < bounds.length && i < counts.length; i++) {
            cumulative += BucketHistogram.unsigned(counts[i]);
            // A sender's own +Inf bound is the +Inf bucket every classic histogram has anyway.
            if (bounds[i] != Double.POSITIVE_INFINITY) {
                buckets.add(new ClassicBucket(bounds[i], cumulative));
            }
        }
        return buckets;
    }

    @Override
    public BucketHistogram plus(BucketHistogram delta) {
        if (!(delta instanceof ExplicitBucketHistogram next) || !Arrays.equals(bounds, next.bounds)
                || counts.length != next.counts.length) {
            return null;
        }
        long[] sums = new long[counts.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = counts[i] + next.counts[i];
        }
        return new ExplicitBucketHistogram(bounds, sums, count + next.count, sum + next.sum, hasSum && next.hasSum);
    }
}
