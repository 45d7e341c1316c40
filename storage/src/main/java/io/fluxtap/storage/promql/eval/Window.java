package io.fluxtap.storage.promql.eval;

/** The samples of one series inside a range, a view {@code [from, to)} over shared primitive arrays. */
public record Window(Labels labels, long[] timestamps, double[] values, int from, int to, boolean dropName) {

    public int size() {
        return to - from;
    }

    public double value(int i) {
        return values[from + i];
    }

    public long timestamp(int i) {
        return timestamps[from + i];
    }

    public double lastValue() {
        return values[to - 1];
    }
}
