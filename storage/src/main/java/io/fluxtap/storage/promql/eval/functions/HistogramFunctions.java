package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Labels;
import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Stats;
import io.fluxtap.storage.promql.eval.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** histogram_quantile over classic {@code le} buckets, with Prometheus' monotonicity fix. */
final class HistogramFunctions {

    private static final double SMALL_DELTA_TOLERANCE = 1e-12;
    private static final Set<String> BUCKET_LABELS = Set.of("le");

    private HistogramFunctions() {
    }

    static void register(Map<String, FunctionImpl> into) {
        into.put("histogram_quantile", HistogramFunctions::histogramQuantile);
    }

    private static final class Buckets {
        final String metricName;
        double[] upper = new double[8];
        double[] counts = new double[8];
        int size;

        Buckets(String metricName) {
            this.metricName = metricName;
        }

        void add(double le, double count) {
            if (size == upper.length) {
                upper = Arrays.copyOf(upper, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            upper[size] = le;
            counts[size++] = count;
        }
    }

    private static Value histogramQuantile(FunctionCall call) {
        double q = call.scalar(0);
        List<Sample> in = call.vector(1);
        int vectorPos = call.arg(1).pos();
        if (Double.isNaN(q) || q < 0 || q > 1) {
            call.annotations().warn("quantile value should be between 0 and 1, got " + Stats.formatFloat(q),
                    call.arg(0).pos());
        }
        Map<Labels, Buckets> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            String le = s.labels().get("le");
            double upper;
            try {
                upper = parseBound(le);
            } catch (NumberFormatException e) {
                call.annotations().warn("bucket label \"le\" is missing or has a malformed value of \"" + le
                        + "\" for metric name \"" + s.labels().metricName() + "\"", vectorPos);
                continue;
            }
            groups.computeIfAbsent(s.labels().without(BUCKET_LABELS), l -> new Buckets(s.labels().metricName()))
                    .add(upper, s.value());
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Map.Entry<Labels, Buckets> e : groups.entrySet()) {
            Buckets b = e.getValue();
            boolean[] forcedMonotonic = new boolean[1];
            double v = bucketQuantile(q, b, forcedMonotonic);
            if (forcedMonotonic[0]) {
                call.annotations().info("input to histogram_quantile needed to be fixed for monotonicity (see "
                        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
                        + "for metric name \"" + b.metricName + "\"", vectorPos);
            }
            out.add(new Sample(e.getKey(), v, true));
        }
        return new Value.Vector(out);
    }

    /** Go's ParseFloat for bucket bounds: also "+Inf", "Inf", "inf". */
    private static double parseBound(String le) {
        String t = le.trim();
        if (t.isEmpty() || !t.equals(le)) {
            throw new NumberFormatException(le);
        }
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "+inf", "inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                if (t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")) {
                    throw new NumberFormatException(le);
                }
                return Double.parseDouble(t);
        }
    }

    private static double bucketQuantile(double q, Buckets b, boolean[] forcedMonotonic) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Integer[] order = new Integer[b.size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(b.upper[x], b.upper[y]));
        // Buckets with the same bound ("1" and "1.0") add up.
        double[] upper = new double[b.size];
        double[] counts = new double[b.size];
        int n = 0;
        for (int idx : order) {
            if (n > 0 && upper[n - 1] == b.upper[idx]) {
                counts[n - 1] += b.counts[idx];
            } else {
                upper[n] = b.upper[idx];
                counts[n++] = b.counts[idx];
            }
        }
        if (n == 0 || upper[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double prev = counts[0];
        for (int i = 1; i < n; i++) {
            double cur = counts[i];
            if (cur == prev) {
                continue;
            }
            if (almostEqual(prev, cur, SMALL_DELTA_TOLERANCE)) {
                counts[i] = prev;
                continue;
            }
            if (cur < prev) {
                counts[i] = prev;
                forcedMonotonic[0] = true;
                continue;
            }
            prev = cur;
        }
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0 || Double.isNaN(observations)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int bucket = 0;
        while (bucket < n - 1 && !(counts[bucket] >= rank)) {
            bucket++;
        }
        if (bucket == n - 1) {
            return upper[n - 2];
        }
        if (bucket == 0 && upper[0] <= 0) {
            return upper[0];
        }
        double start = 0;
        double end = upper[bucket];
        double count = counts[bucket];
        if (bucket > 0) {
            start = upper[bucket - 1];
            count -= counts[bucket - 1];
            rank -= counts[bucket - 1];
        }
        return start + (end - start) * (rank / count);
    }

    private static boolean almostEqual(double a, double b, double epsilon) {
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < epsilon * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
