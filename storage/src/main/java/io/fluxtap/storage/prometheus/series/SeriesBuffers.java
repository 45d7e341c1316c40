package io.fluxtap.storage.prometheus.series;

import io.fluxtap.storage.promql.series.StoredSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * Samples gathered per series as rows arrive in any order, in primitive arrays: a sort in DuckDB cost more
 * than the scan itself, while rows appended in time order need no sorting here at all. Series keys (see
 * {@link SeriesRows#SERIES_KEY}) are looked up in an open-addressing table, so no row boxes anything.
 */
final class SeriesBuffers {

    private final List<SortedMap<String, String>> labels = new ArrayList<>();
    private final List<Buffer> buffers = new ArrayList<>();
    private long[] keys;
    private int[] slots;
    private final int mask;

    SeriesBuffers(int expectedSeries) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedSeries * 2 - 1)) << 1;
        keys = new long[capacity];
        slots = new int[capacity];
        Arrays.fill(slots, -1);
        mask = capacity - 1;
    }

    void addSeries(long key, SortedMap<String, String> seriesLabels) {
        int at = position(key);
        if (slots[at] < 0) {
            keys[at] = key;
            slots[at] = labels.size();
            labels.add(seriesLabels);
            buffers.add(new Buffer());
        }
    }

    /** False when the key is no known series (a row the catalogue snapshot does not name). */
    boolean add(long key, long timestampMs, double value) {
        int slot = slots[position(key)];
        if (slot < 0) {
            return false;
        }
        buffers.get(slot).add(timestampMs, value);
        return true;
    }

    boolean isEmpty() {
        return labels.isEmpty();
    }

    /** Series with at least one sample, in catalogue order. */
    List<StoredSeries> series() {
        List<StoredSeries> result = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Buffer buffer = buffers.get(i);
            if (buffer.size > 0) {
                result.add(buffer.toSeries(labels.get(i)));
            }
        }
        return result;
    }

    private int position(long key) {
        int at = (int) (mix(key) & mask);
        while (slots[at] >= 0 && keys[at] != key) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private static final class Buffer {
        private long[] timestamps = new long[16];
        private double[] values = new double[16];
        private int size;
        private boolean ordered = true;

        void add(long timestampMs, double value) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && timestampMs < timestamps[size - 1]) {
                ordered = false;
            }
            timestamps[size] = timestampMs;
            values[size] = value;
            size++;
        }

        StoredSeries toSeries(SortedMap<String, String> labels) {
            if (!ordered) {
                sortByTime();
            }
            // Two samples within one millisecond (OTLP carries nanoseconds, the hot table and the warehouse may
            // overlap for a moment): one sample per timestamp, the later-read one, as a millisecond store keeps.
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept > 0 && timestamps[kept - 1] == timestamps[i]) {
                    values[kept - 1] = values[i];
                } else {
                    timestamps[kept] = timestamps[i];
                    values[kept] = values[i];
                    kept++;
                }
            }
            return new StoredSeries(labels, Arrays.copyOf(timestamps, kept), Arrays.copyOf(values, kept));
        }

        /** A stable sort by time, so samples of one millisecond keep their reading order. */
        private void sortByTime() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(timestamps[a], timestamps[b]));
            long[] sortedTimes = new long[size];
            double[] sortedValues = new double[size];
            for (int i = 0; i < size; i++) {
                sortedTimes[i] = timestamps[order[i]];
                sortedValues[i] = values[order[i]];
            }
            timestamps = sortedTimes;
            values = sortedValues;
        }
    }
}
