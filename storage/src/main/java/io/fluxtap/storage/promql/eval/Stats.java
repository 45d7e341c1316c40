package io.fluxtap.storage.promql.eval;

import java.util.Arrays;

/** Numerics shared by aggregations and functions, computed as Prometheus computes them (Kahan sums). */
public final class Stats {

    private Stats() {
    }

    /** One Kahan-Babuska step: returns the new sum; {@code c[0]} carries the compensation. */
    public static double kahanAdd(double inc, double sum, double[] c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            c[0] = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
            c[0] += (sum - t) + inc;
        } else {
            c[0] += (inc - t) + sum;
        }
        return t;
    }

    /** The φ-quantile of {@code values} (sorted in place), interpolating between ranks. */
    public static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }

    /** Sorts like Go's cmp.Compare, which orders NaN before every number. */
    static void sortNaNFirst(double[] values, int n) {
        Arrays.sort(values, 0, n);
        int nans = 0;
        while (nans < n && Double.isNaN(values[n - 1 - nans])) {
            nans++;
        }
        if (nans > 0 && nans < n) {
            System.arraycopy(values, 0, values, nans, n - nans);
            Arrays.fill(values, 0, nans, Double.NaN);
        }
    }

    /** A running mean that switches to incremental averaging when the plain sum would overflow. */
    public static final class Mean {
        private double sum;
        private final double[] c = new double[1];
        private double mean;
        private double count;
        private boolean incremental;

        public void add(double v) {
            count++;
            if (count == 1) {
                sum = v;
                return;
            }
            if (!incremental) {
                double[] trial = {c[0]};
                double newSum = kahanAdd(v, sum, trial);
                if (!Double.isInfinite(newSum)) {
                    sum = newSum;
                    c[0] = trial[0];
                    return;
                }
                incremental = true;
                mean = sum / (count - 1);
                c[0] /= count - 1;
            }
            double q = (count - 1) / count;
            double[] comp = {q * c[0]};
            mean = kahanAdd(v / count, q * mean, comp);
            c[0] = comp[0];
        }

        public double result() {
            return incremental ? mean + c[0] : sum / count + c[0] / count;
        }
    }

    /** Welford's variance with Kahan-compensated mean, population variance. */
    public static final class Variance {
        private double count;
        private double mean;
        private final double[] cMean = new double[1];
        private double aux;
        private final double[] cAux = new double[1];

        public void add(double v) {
            count++;
            double delta = v - (mean + cMean[0]);
            mean = kahanAdd(delta / count, mean, cMean);
            aux = kahanAdd(delta * (v - (mean + cMean[0])), aux, cAux);
        }

        public double variance() {
            return (aux + cAux[0]) / count;
        }
    }

    /** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest exact decimal, never an exponent. */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
