package io.fluxtap.tools.loadgen.source;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus remote_write 1.0 bodies: an uncompressed prometheus.WriteRequest written field by field, since
 * the four-message schema is not worth a generated class:
 * WriteRequest{repeated TimeSeries timeseries = 1}, TimeSeries{repeated Label labels = 1; repeated Sample
 * samples = 2}, Label{string name = 1; string value = 2}, Sample{double value = 1; int64 timestamp = 2 (ms)}.
 *
 * <p>A receiver refuses a sample that is not newer than the last one of its series, and concurrent senders'
 * requests may overtake each other. So the series are split into one disjoint share per sender: a sender
 * waits for each answer before sending again, which keeps every series' samples in order on the wire.
 * Within a share, samples go round-robin over the series. The k samples a series gets in one request are
 * the last k milliseconds up to now (but each after the series' previous one), so timestamps stay on the
 * clock, and a later run against the same receiver is still in order, as long as no series gets more than
 * 1000 samples a second.
 */
public final class RemoteWriteSeries implements PayloadSource {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    static final String METRIC_PREFIX = "loadgen_series_value_";
    private static final int METRICS = 10;

    private final List<Share> shares;
    private final AtomicInteger nextShare = new AtomicInteger();
    private final ThreadLocal<Share> share = ThreadLocal.withInitial(this::claimShare);
    private final Clock clock;
    private final int series;
    private final String job;

    /**
     * @param series  distinct series, at least {@code senders}
     * @param senders the threads that will call {@link #next}; each gets its own share of the series
     * @param extraLabels added to every series (label names must be valid Prometheus names)
     */
    public RemoteWriteSeries(int series, int senders, String job, Map<String, String> extraLabels, Clock clock) {
        if (series < senders) {
            throw new IllegalArgumentException("--series " + series + " is below --connections " + senders
                    + ": every connection needs series of its own to keep samples in order");
        }
        this.clock = clock;
        this.series = series;
        this.job = job;
        List<List<byte[]>> labelsByShare = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            labelsByShare.add(new ArrayList<>());
        }
        for (int k = 0; k < series; k++) {
            TreeMap<String, String> labels = new TreeMap<>(extraLabels);
            labels.put("__name__", METRIC_PREFIX + (k % METRICS));
            labels.put("instance", "loadgen");
            labels.put("job", job);
            labels.put("series", Integer.toString(k));
            labelsByShare.get(k % senders).add(encodeLabels(labels));
        }
        this.shares = labelsByShare.stream().map(Share::new).toList();
    }

    private Share claimShare() {
        int index = nextShare.getAndIncrement();
        if (index >= shares.size()) {
            throw new IllegalStateException("more senders than the " + shares.size() + " the series were split for");
        }
        return shares.get(index);
    }

    @Override
    public Payload next(int maxItems) {
        return new Payload(share.get().next(maxItems, clock.millis()), CONTENT_TYPE, maxItems);
    }

    @Override
    public String description() {
        return "synthetic remote_write, " + series + " series of job " + job;
    }

    /** The label fields of one TimeSeries, encoded once: they never change. */
    private static byte[] encodeLabels(Map<String, String> labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                int size = CodedOutputStream.computeStringSize(1, label.getKey())
                        + CodedOutputStream.computeStringSize(2, label.getValue());
                out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(size);
                out.writeString(1, label.getKey());
                out.writeString(2, label.getValue());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** One sender's series; used by that sender's thread only. */
    private static final class Share {

        private final List<byte[]> labels;
        private final long[] lastMillis;
        private final long[] counters;
        private int cursor;

        Share(List<byte[]> labels) {
            this.labels = List.copyOf(labels);
            this.lastMillis = new long[labels.size()];
            this.counters = new long[labels.size()];
        }

        byte[] next(int samples, long nowMillis) {
            int n = labels.size();
            int[] perSeries = new int[n];
            int first = cursor;
            for (int i = 0; i < samples; i++) {
                perSeries[(first + i) % n]++;
            }
            cursor = (first + samples) % n;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(samples * 24 + n * 64);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            try {
                for (int j = 0; j < n; j++) {
                    int k = (first + j) % n;
                    if (perSeries[k] > 0) {
                        writeSeries(out, k, perSeries[k], nowMillis);
                    }
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private void writeSeries(CodedOutputStream out, int k, int samples, long nowMillis) throws IOException {
            byte[] labelBytes = labels.get(k);
            long[] times = new long[samples];
            double[] values = new double[samples];
            int size = labelBytes.length;
            long time = Math.max(nowMillis - samples + 1, lastMillis[k] + 1);
            for (int i = 0; i < samples; i++) {
                times[i] = time + i;
                // A counter-like value that moves, so the receiver stores real changes.
                values[i] = ++counters[k] * 1.5;
                int sampleSize = sampleSize(values[i], times[i]);
                size += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(sampleSize)
                        + sampleSize;
            }
            lastMillis[k] = times[samples - 1];
            out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(size);
            out.writeRawBytes(labelBytes);
            for (int i = 0; i < samples; i++) {
                out.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(sampleSize(values[i], times[i]));
                out.writeDouble(1, values[i]);
                out.writeInt64(2, times[i]);
            }
        }

        private static int sampleSize(double value, long timeMillis) {
            return CodedOutputStream.computeDoubleSize(1, value) + CodedOutputStream.computeInt64Size(2, timeMillis);
        }
    }
}
