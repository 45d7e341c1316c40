package io.fluxtap.tools.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A native histogram as the series notation writes it ({@code {{schema:1 sum:3 count:2 buckets:[2] offset:-1}}}):
 * Prometheus' {@code histogram.FloatHistogram} with one span per side, absolute bucket counts. Fluxtap's PromQL
 * engine evaluates no native histograms; {@code rules test} keeps them to load input series and to compare what a
 * plain selector returns ({@link UnitTestRunner}).
 *
 * @param offset   index of the first positive bucket
 * @param nOffset  index of the first negative bucket
 * @param hint     the counter reset hint; {@code hintSet} when the notation gave it (then the store keeps it)
 */
record NativeHistogram(int schema, double count, double sum, double zeroCount, double zeroThreshold, int offset,
                       List<Double> buckets, int nOffset, List<Double> nBuckets, Hint hint, boolean hintSet,
                       List<Double> customValues) {

    /** Prometheus' {@code CounterResetHint}, with the words the notation uses. */
    enum Hint {
        UNKNOWN("unknown"), RESET("reset"), NOT_RESET("not_reset"), GAUGE("gauge");

        final String word;

        Hint(String word) {
            this.word = word;
        }

        static Hint of(String word) {
            for (Hint h : values()) {
                if (h.word.equals(word)) {
                    return h;
                }
            }
            throw new IllegalArgumentException("invalid counter reset hint \"" + word + "\"");
        }
    }

    static final int CUSTOM_BUCKETS_SCHEMA = -53;

    NativeHistogram {
        buckets = List.copyOf(buckets);
        nBuckets = List.copyOf(nBuckets);
        customValues = List.copyOf(customValues);
        Objects.requireNonNull(hint, "hint");
        if (schema != CUSTOM_BUCKETS_SCHEMA && (schema < -4 || schema > 8)) {
            throw new IllegalArgumentException("histogram has an invalid schema " + schema
                    + ", must be -53 or between -4 and 8");
        }
    }

    NativeHistogram withHint(Hint h, boolean set) {
        return new NativeHistogram(schema, count, sum, zeroCount, zeroThreshold, offset, buckets, nOffset, nBuckets, h,
                set, customValues);
    }

    /**
     * {@code a+bxn}'s step: Prometheus' {@code FloatHistogram.Add} (or {@code Sub}) for histograms of one schema;
     * different schemas, zero widths or custom bounds are refused (the notation's tests never mix them).
     */
    NativeHistogram combine(NativeHistogram inc, boolean subtract) {
        if (schema != inc.schema || zeroThreshold != inc.zeroThreshold || !customValues.equals(inc.customValues)) {
            throw new IllegalArgumentException("error combining histograms: only histograms of the same schema, "
                    + "zero bucket width and custom bounds can be combined here");
        }
        double sign = subtract ? -1 : 1;
        int start = Math.min(offset, inc.offset);
        List<Double> pos = addBuckets(offset, buckets, inc.offset, inc.buckets, sign);
        int nStart = Math.min(nOffset, inc.nOffset);
        List<Double> neg = addBuckets(nOffset, nBuckets, inc.nOffset, inc.nBuckets, sign);
        return new NativeHistogram(schema, count + sign * inc.count, sum + sign * inc.sum,
                zeroCount + sign * inc.zeroCount, zeroThreshold, buckets.isEmpty() && inc.buckets.isEmpty() ? 0 : start,
                pos, nBuckets.isEmpty() && inc.nBuckets.isEmpty() ? 0 : nStart, neg, hint, hintSet, customValues);
    }

    private static List<Double> addBuckets(int offA, List<Double> a, int offB, List<Double> b, double sign) {
        if (a.isEmpty() && b.isEmpty()) {
            return List.of();
        }
        int start = a.isEmpty() ? offB : b.isEmpty() ? offA : Math.min(offA, offB);
        int end = Math.max(a.isEmpty() ? Integer.MIN_VALUE : offA + a.size(), b.isEmpty() ? Integer.MIN_VALUE
                : offB + b.size());
        List<Double> out = new ArrayList<>();
        for (int i = start; i < end; i++) {
            double v = 0;
            if (i >= offA && i < offA + a.size()) {
                v += a.get(i - offA);
            }
            if (i >= offB && i < offB + b.size()) {
                v += sign * b.get(i - offB);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Whether this sample, following {@code previous} in a series, is a counter reset as the TSDB decides it when
     * appending (a count or any bucket going down, or a change of schema or zero bucket width).
     */
    boolean resetsAfter(NativeHistogram previous) {
        if (schema != previous.schema || zeroThreshold != previous.zeroThreshold
                || !customValues.equals(previous.customValues)) {
            return true;
        }
        if (count < previous.count || zeroCount < previous.zeroCount) {
            return true;
        }
        return decreased(previous.offset, previous.buckets, offset, buckets)
                || decreased(previous.nOffset, previous.nBuckets, nOffset, nBuckets);
    }

    private static boolean decreased(int offPrev, List<Double> prev, int offCur, List<Double> cur) {
        for (int i = 0; i < prev.size(); i++) {
            int index = offPrev + i;
            double now = index >= offCur && index < offCur + cur.size() ? cur.get(index - offCur) : 0;
            if (now < prev.get(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Prometheus' {@code FloatHistogram.TestExpression}: the notation with defaults left out and empty edge buckets
     * compacted away; {@code rules test} compares histograms by this text, as promtool does.
     */
    String testExpression() {
        List<String> parts = new ArrayList<>();
        if (schema != 0) {
            parts.add("schema:" + schema);
        }
        if (count != 0) {
            parts.add("count:" + GoFormat.g(count));
        }
        if (sum != 0) {
            parts.add("sum:" + GoFormat.g(sum));
        }
        if (zeroCount != 0) {
            parts.add("z_bucket:" + GoFormat.g(zeroCount));
        }
        if (zeroThreshold != 0) {
            parts.add("z_bucket_w:" + GoFormat.g(zeroThreshold));
        }
        if (schema == CUSTOM_BUCKETS_SCHEMA) {
            parts.add("custom_values:" + list(customValues));
        }
        if (hint != Hint.UNKNOWN) {
            parts.add("counter_reset_hint:" + hint.word);
        }
        bucketParts(parts, "buckets", "offset", offset, buckets);
        bucketParts(parts, "n_buckets", "n_offset", nOffset, nBuckets);
        return "{{" + String.join(" ", parts) + "}}";
    }

    private static void bucketParts(List<String> parts, String bucketsKey, String offsetKey, int offset,
                                    List<Double> buckets) {
        int first = 0;
        int last = buckets.size();
        while (first < last && buckets.get(first) == 0) {
            first++;
        }
        while (last > first && buckets.get(last - 1) == 0) {
            last--;
        }
        if (first == last) {
            return;
        }
        if (offset + first != 0) {
            parts.add(offsetKey + ":" + (offset + first));
        }
        parts.add(bucketsKey + ":" + list(buckets.subList(first, last)));
    }

    private static String list(List<Double> values) {
        List<String> texts = new ArrayList<>(values.size());
        values.forEach(v -> texts.add(GoFormat.g(v)));
        return "[" + String.join(" ", texts) + "]";
    }
}
