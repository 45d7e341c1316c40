package io.fluxtap.storage.prometheus.head;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * The samples of one series in time order, one timestamp each, in chunks of primitive arrays: 16 bytes a sample
 * plus the unused tail of the newest chunk, where a {@code TreeMap<Long, Double>} costs about 90. Dropping the
 * oldest samples drops whole chunks and shifts at most one. Every method is synchronized: the appending lane thread
 * and the PromQL threads meet here, and a reader copies whole samples only.
 */
final class HeadSeries {

    /** Prometheus cuts its head chunks at 120 samples; 128 keeps a chunk's arrays about 1 KiB each. */
    static final int CHUNK = 128;
    private static final int FIRST_CAPACITY = 8;

    final long id;
    final SortedMap<String, String> labels;
    private final List<Chunk> chunks = new ArrayList<>();
    private int size;

    HeadSeries(long id, SortedMap<String, String> labels) {
        this.id = id;
        this.labels = labels;
    }

    /** @return 1 when the sample was added, 0 when it replaced the value of one with the same timestamp */
    synchronized int add(long timeMs, double value) {
        if (chunks.isEmpty()) {
            chunks.add(new Chunk(FIRST_CAPACITY));
        }
        Chunk last = chunks.getLast();
        if (last.n == 0 || timeMs > last.t[last.n - 1]) {
            if (last.n == CHUNK) {
                last = new Chunk(CHUNK);
                chunks.add(last);
            }
            last.append(timeMs, value);
            size++;
            return 1;
        }
        if (timeMs == last.t[last.n - 1]) {
            // As a store of milliseconds keeps one sample per millisecond: the later write wins, as in DuckDB's read.
            last.v[last.n - 1] = value;
            return 0;
        }
        return insert(timeMs, value);
    }

    /** An out-of-order sample (rare): into its chunk, which splits in two when full. */
    private int insert(long timeMs, double value) {
        int c = chunks.size() - 1;
        while (c > 0 && chunks.get(c).t[0] > timeMs) {
            c--;
        }
        Chunk chunk = chunks.get(c);
        int at = Arrays.binarySearch(chunk.t, 0, chunk.n, timeMs);
        if (at >= 0) {
            chunk.v[at] = value;
            return 0;
        }
        at = -at - 1;
        if (chunk.n == CHUNK) {
            Chunk right = chunk.splitOff(CHUNK / 2);
            chunks.add(c + 1, right);
            if (at > chunk.n) {
                chunk = right;
                at -= CHUNK / 2;
            }
        }
        chunk.insert(at, timeMs, value);
        size++;
        return 1;
    }

    /** Drops every sample before {@code cutoffMs}; returns how many went. */
    synchronized int dropBefore(long cutoffMs) {
        int dropped = 0;
        while (!chunks.isEmpty() && chunks.getFirst().t[chunks.getFirst().n - 1] < cutoffMs) {
            dropped += chunks.removeFirst().n;
        }
        if (!chunks.isEmpty()) {
            Chunk first = chunks.getFirst();
            int keepFrom = firstAtOrAfter(first, cutoffMs);
            first.dropFirst(keepFrom);
            dropped += keepFrom;
        }
        size -= dropped;
        return dropped;
    }

    /** How many samples lie before {@code timeMs}. */
    synchronized long countBefore(long timeMs) {
        long count = 0;
        for (Chunk chunk : chunks) {
            if (chunk.t[chunk.n - 1] < timeMs) {
                count += chunk.n;
            } else {
                return count + firstAtOrAfter(chunk, timeMs);
            }
        }
        return count;
    }

    synchronized long oldest() {
        return chunks.isEmpty() ? Long.MAX_VALUE : chunks.getFirst().t[0];
    }

    synchronized int size() {
        return size;
    }

    /** The samples in {@code [minMs, maxMs]} as two new arrays, or null when there are none. */
    synchronized Range copy(long minMs, long maxMs) {
        int count = 0;
        for (Chunk chunk : chunks) {
            count += chunk.countIn(minMs, maxMs);
        }
        if (count == 0) {
            return null;
        }
        long[] times = new long[count];
        double[] values = new double[count];
        int at = 0;
        for (Chunk chunk : chunks) {
            if (chunk.n == 0 || chunk.t[chunk.n - 1] < minMs) {
                continue;
            }
            if (chunk.t[0] > maxMs) {
                break;
            }
            int from = firstAtOrAfter(chunk, minMs);
            int to = maxMs == Long.MAX_VALUE ? chunk.n : firstAtOrAfter(chunk, maxMs + 1);
            System.arraycopy(chunk.t, from, times, at, to - from);
            System.arraycopy(chunk.v, from, values, at, to - from);
            at += to - from;
        }
        return new Range(times, values);
    }

    record Range(long[] timestampsMs, double[] values) {
    }

    private static int firstAtOrAfter(Chunk chunk, long timeMs) {
        int at = Arrays.binarySearch(chunk.t, 0, chunk.n, timeMs);
        return at >= 0 ? at : -at - 1;
    }

    private static final class Chunk {
        long[] t;
        double[] v;
        int n;

        Chunk(int capacity) {
            t = new long[capacity];
            v = new double[capacity];
        }

        void append(long timeMs, double value) {
            grow();
            t[n] = timeMs;
            v[n] = value;
            n++;
        }

        void insert(int at, long timeMs, double value) {
            grow();
            System.arraycopy(t, at, t, at + 1, n - at);
            System.arraycopy(v, at, v, at + 1, n - at);
            t[at] = timeMs;
            v[at] = value;
            n++;
        }

        /** Moves the samples from {@code from} on into a new chunk. */
        Chunk splitOff(int from) {
            Chunk right = new Chunk(CHUNK);
            System.arraycopy(t, from, right.t, 0, n - from);
            System.arraycopy(v, from, right.v, 0, n - from);
            right.n = n - from;
            n = from;
            return right;
        }

        void dropFirst(int count) {
            System.arraycopy(t, count, t, 0, n - count);
            System.arraycopy(v, count, v, 0, n - count);
            n -= count;
        }

        int countIn(long minMs, long maxMs) {
            if (n == 0 || t[n - 1] < minMs || t[0] > maxMs) {
                return 0;
            }
            int from = firstAtOrAfter(this, minMs);
            int to = maxMs == Long.MAX_VALUE ? n : firstAtOrAfter(this, maxMs + 1);
            return to - from;
        }

        /** Doubles a young series' small first chunk up to {@link #CHUNK}. */
        private void grow() {
            if (n == t.length) {
                int capacity = Math.min(CHUNK, t.length * 2);
                t = Arrays.copyOf(t, capacity);
                v = Arrays.copyOf(v, capacity);
            }
        }
    }
}
