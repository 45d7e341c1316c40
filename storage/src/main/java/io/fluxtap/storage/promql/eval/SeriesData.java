package io.fluxtap.storage.promql.eval;

/**
 * One selected series. Instant selectors read {@code timestamps}/{@code values}, stale markers included (a stale
 * marker hides the series); range selectors read {@code rangeTimestamps}/{@code rangeValues}, which leave them out.
 */
record SeriesData(Labels labels, long[] timestamps, double[] values, long[] rangeTimestamps, double[] rangeValues) {

    static final long STALE_BITS = 0x7ff0000000000002L;

    static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_BITS;
    }

    static SeriesData of(Labels labels, long[] ts, double[] vs) {
        int stale = 0;
        for (double v : vs) {
            if (isStale(v)) {
                stale++;
            }
        }
        if (stale == 0) {
            return new SeriesData(labels, ts, vs, ts, vs);
        }
        long[] rts = new long[ts.length - stale];
        double[] rvs = new double[ts.length - stale];
        int j = 0;
        for (int i = 0; i < ts.length; i++) {
            if (!isStale(vs[i])) {
                rts[j] = ts[i];
                rvs[j++] = vs[i];
            }
        }
        return new SeriesData(labels, ts, vs, rts, rvs);
    }

    /**
     * As {@link #lastAtOrBefore(long[], long)}, starting from {@code hint}, the answer for an earlier t: successive
     * steps of a range query move a few samples on, so a short scan forward beats a binary search.
     */
    static int lastAtOrBefore(long[] ts, long t, int hint) {
        if (hint >= 0 && hint < ts.length && ts[hint] <= t) {
            int i = hint;
            int limit = Math.min(ts.length - 1, hint + 4);
            while (i < limit && ts[i + 1] <= t) {
                i++;
            }
            if (i == ts.length - 1 || ts[i + 1] > t) {
                return i;
            }
        }
        return lastAtOrBefore(ts, t);
    }

    /** Index of the last timestamp &lt;= t, or -1. */
    static int lastAtOrBefore(long[] ts, long t) {
        int lo = 0;
        int hi = ts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
