package io.fluxtap.storage.bench;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.series.MemorySeriesSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Time per PromQL range query (1 h at a 15 s step: 241 steps) over the in-memory source, so that the figure is the
 * engine's: reading and evaluating, no storage.
 * <ul>
 *   <li>{@link #sumRateByJob}: {@code sum by (job) (rate(x[5m]))} over 10,000 counter series (10 jobs, one
 *       instance each);</li>
 *   <li>{@link #histogramQuantile}: {@code histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))} over a
 *       classic histogram of 100 series with 12 buckets each.</li>
 * </ul>
 * All series have a sample every 15 s for 1 h 10 min, so the first step's 5 m window is full.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class PromqlRangeQueryBenchmark {

    static final int COUNTER_SERIES = 10_000;
    static final int JOBS = 10;
    static final int HISTOGRAM_SERIES = 100;
    static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
    static final long SCRAPE_MS = 15_000;
    static final long DATA_MS = 70 * 60_000;
    static final long QUERY_START_MS = 10 * 60_000;
    static final long QUERY_END_MS = DATA_MS;

    private PromqlEvaluator engine;

    @Setup
    public void load() {
        MemorySeriesSource source = new MemorySeriesSource();
        for (int s = 0; s < COUNTER_SERIES; s++) {
            Map<String, String> labels = Map.of("__name__", "x", "job", "job-" + (s % JOBS), "instance", "host-" + s);
            double value = 0;
            for (long t = 0; t <= DATA_MS; t += SCRAPE_MS) {
                // Increments vary per series and step (deterministically), with a counter reset every 40 min.
                value = t % (40 * 60_000) == 0 ? 0 : value + 1 + (s * 31 + t / SCRAPE_MS) % 7;
                source.add(labels, t, value);
            }
        }
        for (int s = 0; s < HISTOGRAM_SERIES; s++) {
            double[] cumulative = new double[BUCKETS.length];
            for (long t = 0; t <= DATA_MS; t += SCRAPE_MS) {
                long step = t / SCRAPE_MS;
                for (int b = 0; b < BUCKETS.length; b++) {
                    // Observations fall in every bucket; the cumulative counts never decrease across le.
                    cumulative[b] += (b + 1) * (1 + (s + step) % 3);
                    source.add(Map.of("__name__", "h_bucket", "instance", "host-" + s, "le", BUCKETS[b]), t,
                            cumulative[b]);
                }
            }
        }
        engine = new PromqlEvaluator(source, PromqlLimits.prometheusDefaults());
        check(sumRateByJob(), JOBS);
        check(histogramQuantile(), 1);
    }

    private static void check(Evaluation e, int series) {
        QueryResult.RangeMatrix m = (QueryResult.RangeMatrix) e.result();
        int steps = (int) ((QUERY_END_MS - QUERY_START_MS) / SCRAPE_MS + 1);
        if (m.series().size() != series || m.series().get(0).values().length != steps) {
            throw new IllegalStateException("unexpected result: " + m.series().size() + " series");
        }
    }

    @Benchmark
    public Evaluation sumRateByJob() {
        return engine.range("sum by (job) (rate(x[5m]))", QUERY_START_MS, QUERY_END_MS, SCRAPE_MS);
    }

    @Benchmark
    public Evaluation histogramQuantile() {
        return engine.range("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", QUERY_START_MS,
                QUERY_END_MS, SCRAPE_MS);
    }
}
