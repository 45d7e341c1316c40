package io.fluxtap.ingestion.scrape.loop;

/** Prometheus' stale marker: one particular NaN ({@code value.StaleNaN}), which PromQL takes for "series ended". */
public final class Staleness {

    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    private Staleness() {
    }

    public static boolean isStale(double value) {
        return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
    }
}
