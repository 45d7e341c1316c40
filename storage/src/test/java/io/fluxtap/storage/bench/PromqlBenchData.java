package io.fluxtap.storage.bench;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The data of the PromQL benchmark (bench/promql-vs-prometheus.sh), generated once and written twice, so
 * Fluxtap and Prometheus hold the same samples bit for bit: as OpenMetrics text for
 * {@code promtool tsdb create-blocks-from openmetrics}, and through the store's own writer into a DuckDB file.
 *
 * <ul>
 *   <li>{@code bench_requests_total{instance, group}}: 10,000 counters in 20 groups, rising by a seeded random
 *       amount each scrape; every 1000th resets halfway, so rate() meets resets too;</li>
 *   <li>{@code h_bucket{instance, le}}: a classic histogram of 100 instances with 11 buckets, cumulative.</li>
 * </ul>
 * Samples every 15 s for 70 minutes ending at the given time: one hour of queries plus the 5-minute rate window.
 * Each series is scraped at an offset of its own within the 15 s (as Prometheus spreads its targets), whole
 * milliseconds between 1 and 14,999: no sample lies on a query step or window edge, where Prometheus 2.42's closed
 * windows and Prometheus 3's left-open ones (which Fluxtap follows) would see a different number of samples.
 *
 * <p>Usage: {@code PromqlBenchData <out dir> <end, unix seconds> [counters (10000)]}; writes
 * {@code <out>/data.om} and {@code <out>/fluxtap/fluxtap.duckdb}. Fewer counters make a quick trial of the script.
 */
public final class PromqlBenchData {

    static final int GROUPS = 20;
    static final int HISTOGRAMS = 100;
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, Double.POSITIVE_INFINITY};
    static final int STEP_S = 15;
    static final int POINTS = 70 * 60 / STEP_S + 1;
    private static final int BATCH = 50_000;

    private PromqlBenchData() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long endS = Long.parseLong(args[1]);
        int counters = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long startS = endS - (long) (POINTS - 1) * STEP_S;
        Files.createDirectories(out);
        try (BufferedWriter om = Files.newBufferedWriter(out.resolve("data.om"), StandardCharsets.UTF_8);
             DuckDbDatabase db = new DuckDbDatabase(out.resolve("fluxtap"));
             RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            Batches batches = new Batches(writer);
            om.write("# TYPE bench_requests counter\n");
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < counters; i++) {
                Map<String, String> labels = Map.of("instance", "i%05d".formatted(i), "group", "g%02d".formatted(i % GROUPS));
                String series = "bench_requests_total{group=\"%s\",instance=\"%s\"}".formatted(labels.get("group"),
                        labels.get("instance"));
                double value = random.nextInt(1000);
                long offsetMs = scrapeOffsetMs(random);
                for (int p = 0; p < POINTS; p++) {
                    value = (i % 1000 == 0 && p == POINTS / 2) ? random.nextInt(10) : value + random.nextInt(1, 50);
                    long ts = (startS + (long) p * STEP_S) * 1000 - offsetMs;
                    om.write(series + " " + value + " " + openMetricsTime(ts) + "\n");
                    batches.add(sample("bench_requests_total", labels, value, MetricType.COUNTER, ts));
                }
            }
            om.write("# TYPE h histogram\n");
            for (int i = 0; i < HISTOGRAMS; i++) {
                String instance = "h%03d".formatted(i);
                long[][] counts = new long[POINTS][BOUNDS.length];
                long[] cumulative = new long[BOUNDS.length];
                for (int p = 0; p < POINTS; p++) {
                    for (int n = random.nextInt(20, 200); n > 0; n--) {
                        double observation = Math.exp(random.nextDouble(-6, 2));
                        for (int b = 0; b < BOUNDS.length; b++) {
                            if (observation <= BOUNDS[b]) {
                                cumulative[b]++;
                            }
                        }
                    }
                    counts[p] = cumulative.clone();
                }
                long offsetMs = scrapeOffsetMs(random);
                for (int b = 0; b < BOUNDS.length; b++) {
                    String le = Double.isInfinite(BOUNDS[b]) ? "+Inf" : Double.toString(BOUNDS[b]);
                    Map<String, String> labels = Map.of("instance", instance, "le", le);
                    String series = "h_bucket{instance=\"%s\",le=\"%s\"}".formatted(instance, le);
                    for (int p = 0; p < POINTS; p++) {
                        long ts = (startS + (long) p * STEP_S) * 1000 - offsetMs;
                        om.write(series + " " + counts[p][b] + " " + openMetricsTime(ts) + "\n");
                        batches.add(sample("h_bucket", labels, counts[p][b], MetricType.HISTOGRAM, ts));
                    }
                }
            }
            om.write("# EOF\n");
            batches.flush();
            System.out.printf("%d samples, %d series, %s .. %s%n", batches.written,
                    counters + HISTOGRAMS * BOUNDS.length, Instant.ofEpochSecond(startS), Instant.ofEpochSecond(endS));
        }
    }

    private static long scrapeOffsetMs(SplittableRandom random) {
        return random.nextLong(1, STEP_S * 1000L);
    }

    /** OpenMetrics timestamps are seconds; three decimals carry the milliseconds exactly. */
    private static String openMetricsTime(long epochMs) {
        return "%d.%03d".formatted(epochMs / 1000, epochMs % 1000);
    }

    private static MetricSample sample(String name, Map<String, String> labels, double value, MetricType type,
                                       long epochMs) {
        return new MetricSample(Instant.ofEpochMilli(epochMs), name, labels, value, type, null, null, null, null, "bench",
                null, List.of());
    }

    private static final class Batches {
        private final RecordSink.Writer writer;
        private List<MetricSample> pending = new ArrayList<>(BATCH);
        private long written;

        Batches(RecordSink.Writer writer) {
            this.writer = writer;
        }

        void add(MetricSample sample) {
            pending.add(sample);
            if (pending.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (!pending.isEmpty()) {
                writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), pending, RecordBatch.NO_WAL));
                written += pending.size();
                pending = new ArrayList<>(BATCH);
            }
        }
    }
}
