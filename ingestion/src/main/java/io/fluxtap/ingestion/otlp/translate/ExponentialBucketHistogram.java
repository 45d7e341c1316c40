package io.fluxtap.ingestion.otlp.translate;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

import java.util.ArrayList;
import java.util.List;

/**
 * An OTLP exponential histogram point, and its reading as a classic histogram.
 *
 * <p>With {@code base = 2^(2^-scale)}, positive bucket {@code i} counts values in
 * {@code (base^i, base^(i+1)]}, negative bucket {@code i} values in {@code [-base^(i+1), -base^i)}, and the
 * zero bucket values within {@code [-zeroThreshold, zeroThreshold]}. As a classic histogram that is, in
 * ascending order: one {@code le} per negative bucket at its upper end {@code -base^i}, then
 * {@code le=zeroThreshold} for the zero bucket, then one {@code le=base^(i+1)} per positive bucket. The
 * classic {@code le} is inclusive where negative buckets exclude their upper end, so a negative value lying
 * exactly on a bucket boundary is counted one bucket higher; every other value lands where it belongs.
 * Bounds too large for a double are left out; their counts still reach the next bound and {@code +Inf}.
 */
record ExponentialBucketHistogram(int scale, double zeroThreshold, long zeroCount, Buckets positive,
                                  Buckets negative, long count, double sum, boolean hasSum)
        implements BucketHistogram {

    /** The scales the OTel data model allows. */
    private static final int MIN_SCALE = -10;
    private static final int MAX_SCALE = 20;
    /**
     * Running totals whose buckets spread wider than this are kept at a coarser scale, as SDKs do, so
     * deltas with far-apart offsets cannot make one series' state huge.
     */
    private static final int MAX_MERGED_BUCKETS = 2048;

    /** @throws InvalidDataPoint for a scale outside the data model, a bad zero threshold, or counts that do not add up */
    static ExponentialBucketHistogram of(ExponentialHistogramDataPoint point) throws InvalidDataPoint {
        if (point.getScale() < MIN_SCALE || point.getScale() > MAX_SCALE) {
            throw new InvalidDataPoint("exponential histogram scale " + point.getScale() + " is outside ["
                    + MIN_SCALE + ", " + MAX_SCALE + "]");
        }
        double zeroThreshold = point.getZeroThreshold();
        if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
            throw new InvalidDataPoint("exponential histogram zero_threshold must be a finite number >= 0");
        }
        Buckets positive = Buckets.of(point.getPositive(), "positive");
        Buckets negative = Buckets.of(point.getNegative(), "negative");
        long total = point.getZeroCount() + positive.total() + negative.total();
        if (total != point.getCount()) {
            throw new InvalidDataPoint("exponential histogram zero_count and bucket_counts add up to "
                    + Long.toUnsignedString(total) + ", not to its count " + Long.toUnsignedString(point.getCount()));
        }
        return new ExponentialBucketHistogram(point.getScale(), zeroThreshold, point.getZeroCount(), positive,
                negative, point.getCount(), point.getSum(), point.hasSum());
    }

    @Override
    public List<ClassicBucket> classicBuckets() {
        List<ClassicBucket> buckets = new ArrayList<>(negative.counts().length + positive.counts().length + 1);
        double cumulative = 0;
        long[] negatives = negative.counts();
        for (int j = negatives.length - 1; j >= 0; j--) {
            cumulative += BucketHistogram.unsigned(negatives[j]);
            add(buckets, -lowerBoundary(negative.offset() + j), cumulative);
        }
        cumulative += BucketHistogram.unsigned(zeroCount);
        add(buckets, zeroThreshold, cumulative);
        long[] positives = positive.counts();
        for (int j = 0; j < positives.length; j++) {
            cumulative += BucketHistogram.unsigned(positives[j]);
            add(buckets, lowerBoundary(positive.offset() + j + 1), cumulative);
        }
        return buckets;
    }

    /**
     * Adds at the coarser of the two scales (a bucket of scale s is exactly two of scale s+1, so nothing is
     * approximated), coarser still if the buckets would spread too wide. Zero buckets of different widths
     * cannot be added without splitting counts.
     */
    @Override
    public BucketHistogram plus(BucketHistogram delta) {
        if (!(delta instanceof ExponentialBucketHistogram next) || zeroThreshold != next.zeroThreshold) {
            return null;
        }
        for (int target = Math.min(scale, next.scale); ; target--) {
            Buckets positiveA = positive.downscale(scale - target);
            Buckets positiveB = next.positive.downscale(next.scale - target);
            Buckets negativeA = negative.downscale(scale - target);
            Buckets negativeB = next.negative.downscale(next.scale - target);
            boolean fits = Buckets.mergedSpan(positiveA, positiveB) <= MAX_MERGED_BUCKETS
                    && Buckets.mergedSpan(negativeA, negativeB) <= MAX_MERGED_BUCKETS;
            // At the smallest scale every double falls into a handful of buckets, so the loop ends there.
            if (fits || target == MIN_SCALE) {
                return new ExponentialBucketHistogram(target, zeroThreshold, zeroCount + next.zeroCount,
                        positiveA.plus(positiveB), negativeA.plus(negativeB),
                        count + next.count, sum + next.sum, hasSum && next.hasSum);
            }
        }
    }

    /** {@code base^index}, the lower end of positive bucket {@code index} and upper end of bucket {@code index-1}. */
    private double lowerBoundary(int index) {
        return Math.pow(2.0, Math.scalb((double) index, -scale));
    }

    /** Skips bounds a double cannot hold or that would not ascend; their counts carry into the next bucket. */
    private static void add(List<ClassicBucket> buckets, double bound, double cumulative) {
        if (Double.isInfinite(bound)) {
            return;
        }
        if (!buckets.isEmpty() && buckets.getLast().upperBound() >= bound) {
            return;
        }
        buckets.add(new ClassicBucket(bound, cumulative));
    }

    /** Consecutive buckets starting at index {@code offset}; every index fits in an int. */
    record Buckets(int offset, long[] counts) {

        static Buckets of(ExponentialHistogramDataPoint.Buckets buckets, String side) throws InvalidDataPoint {
            long[] counts = buckets.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
            if (buckets.getOffset() + (long) counts.length - 1 > Integer.MAX_VALUE) {
                throw new InvalidDataPoint("exponential histogram " + side + " buckets run past the largest index");
            }
            return new Buckets(buckets.getOffset(), counts);
        }

        /** How many buckets the sum of two bucket ranges at the same scale spans. */
        static long mergedSpan(Buckets a, Buckets b) {
            if (a.counts.length == 0 || b.counts.length == 0) {
                return Math.max(a.counts.length, b.counts.length);
            }
            return Math.max(a.offset + (long) a.counts.length, b.offset + (long) b.counts.length)
                    - Math.min(a.offset, b.offset);
        }

        long total() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }

        /** The same counts at scale {@code scale - by}: bucket i becomes bucket {@code i >> by}. */
        Buckets downscale(int by) {
            if (by == 0 || counts.length == 0) {
                return this;
            }
            int first = offset >> by;
            int last = (offset + counts.length - 1) >> by;
            long[] merged = new long[last - first + 1];
            for (int j = 0; j < counts.length; j++) {
                merged[((offset + j) >> by) - first] += counts[j];
            }
            return new Buckets(first, merged);
        }

        Buckets plus(Buckets other) {
            if (other.counts.length == 0) {
                return this;
            }
            if (counts.length == 0) {
                return other;
            }
            int first = Math.min(offset, other.offset);
            int end = Math.max(offset + counts.length, other.offset + other.counts.length);
            long[] summed = new long[end - first];
            for (int j = 0; j < counts.length; j++) {
                summed[offset - first + j] += counts[j];
            }
            for (int j = 0; j < other.counts.length; j++) {
                summed[other.offset - first + j] += other.counts[j];
            }
            return new Buckets(first, summed);
        }
    }
}
