package io.fluxtap.storage.promql.eval;

import java.util.Arrays;

/** Collects one series' points step by step into primitive arrays. */
final class SeriesBuilder {

    final Labels labels;
    boolean dropName;
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private int size;

    SeriesBuilder(Labels labels, boolean dropName) {
        this.labels = labels;
        this.dropName = dropName;
    }

    void add(long t, double v) {
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        timestamps[size] = t;
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long[] timestamps() {
        return Arrays.copyOf(timestamps, size);
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }

    Window toWindow() {
        return new Window(labels, timestamps, values, 0, size, dropName);
    }
}
