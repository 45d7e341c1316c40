package io.fluxtap.storage.prometheus.series;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.series.MemorySeriesSource;
import io.fluxtap.storage.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine answers the same over the DuckDB store as over the in-memory store the Prometheus test files run on
 * (which those files prove right): so what passes the conformance suite holds for stored data too, including
 * counter resets, a stale marker, regex matchers and classic histograms; and it still does once the warehouse has
 * moved the closed hour's samples into Parquet, so a query reads hot and cold at once.
 */
class PromqlOverDuckDbTest {

    private static final long STALE_BITS = 0x7ff0000000000002L;
    /** The samples span 10:45 to 11:15, so with the clock at 11:20 the warehouse exports the first half hour. */
    private static final int START_SECONDS = 45 * 60;
    private static final long T0 = BASE.toEpochMilli() + START_SECONDS * 1000L;
    private static final int SCRAPE_SECONDS = 15;
    private static final int SCRAPES = 120;

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private PromqlEvaluator overDuckDb;
    private PromqlEvaluator overMemory;
    private Warehouse warehouse;
    private int sampleCount;

    @BeforeEach
    void load() {
        db = new DuckDbDatabase(tmp);
        MemorySeriesSource memory = new MemorySeriesSource();
        List<MetricSample> samples = new ArrayList<>();
        Random random = new Random(7);
        for (String job : List.of("api", "web", "batch")) {
            for (int instance = 0; instance < 4; instance++) {
                Map<String, String> labels = Map.of("job", job, "instance", "host-" + instance);
                double counter = 0;
                for (int i = 0; i < SCRAPES; i++) {
                    // A restart at the 60th scrape of host-1 makes a counter reset for rate() and resets() to see.
                    counter = instance == 1 && i == 60 ? 3 : counter + random.nextInt(50);
                    add(samples, memory, "http_requests_total", labels, counter, i * SCRAPE_SECONDS);
                    add(samples, memory, "queue_depth", labels, random.nextGaussian() * 10, i * SCRAPE_SECONDS);
                }
            }
        }
        double[] bounds = {0.1, 0.5, 1, Double.POSITIVE_INFINITY};
        double[] cumulative = new double[bounds.length];
        for (int i = 0; i < SCRAPES; i++) {
            for (int b = 0; b < bounds.length; b++) {
                cumulative[b] += (b + 1) * random.nextInt(5);
                String le = Double.isInfinite(bounds[b]) ? "+Inf" : Double.toString(bounds[b]);
                add(samples, memory, "latency_seconds_bucket", Map.of("job", "api", "le", le), cumulative[b],
                        i * SCRAPE_SECONDS);
            }
        }
        // The series ends with a stale marker halfway: lookback must stop there on both stores.
        for (int i = 0; i < SCRAPES / 2; i++) {
            add(samples, memory, "up", Map.of("job", "api"), 1, i * SCRAPE_SECONDS);
        }
        add(samples, memory, "up", Map.of("job", "api"), Double.longBitsToDouble(STALE_BITS),
                SCRAPES / 2 * SCRAPE_SECONDS);
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), samples, RecordBatch.NO_WAL));
        }
        sampleCount = samples.size();
        warehouse = new Warehouse(db, new MessageWireViews(db, List.of()), 1 << 20, 4, Long.MAX_VALUE,
                Clock.fixed(BASE.plusSeconds(80 * 60), ZoneOffset.UTC));
        overDuckDb = new PromqlEvaluator(new DuckDbSeriesSource(db, 10_000_000), PromqlLimits.prometheusDefaults());
        overMemory = new PromqlEvaluator(memory, PromqlLimits.prometheusDefaults());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sum by (job) (rate(http_requests_total[5m]))",
            "increase(http_requests_total{instance=~\"host-[12]\"}[10m])",
            "resets(http_requests_total[30m])",
            "topk(2, avg_over_time(queue_depth{job!=\"web\"}[3m]))",
            "queue_depth > bool 0",
            "histogram_quantile(0.9, sum by (le) (rate(latency_seconds_bucket[5m])))",
            "up",
            "sum by (job, instance) (rate(http_requests_total[5m])) / ignoring (instance) group_left"
                    + " sum by (job) (rate(http_requests_total[5m] offset 5m))",
    })
    void rangeQueriesAgreeWithTheInMemoryStoreHotAndCold(String query) throws Exception {
        long start = T0 + 600_000;
        long end = T0 + (SCRAPES - 1) * SCRAPE_SECONDS * 1000L;
        List<String> expected = render(series(overMemory.range(query, start, end, 30_000).result()));
        assertFalse(expected.isEmpty(), "the query selects data: " + query);
        assertEquals(expected, render(series(overDuckDb.range(query, start, end, 30_000).result())), "hot: " + query);

        assertFalse(warehouse.exportClosedHours().isEmpty(), "the closed hour is exported");
        long hot = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM active_metrics").mapTo(Long.class).one());
        assertTrue(hot > 0 && hot < sampleCount, "samples split between hot and cold: " + hot + " of " + sampleCount);
        assertEquals(expected, render(series(overDuckDb.range(query, start, end, 30_000).result())),
                "hot and cold: " + query);
    }

    private static List<QueryResult.Series> series(QueryResult result) {
        return assertInstanceOf(QueryResult.RangeMatrix.class, result).series();
    }

    /** Labels, times and the exact bits of every value, in a stable order. */
    private static List<String> render(List<QueryResult.Series> series) {
        List<String> lines = new ArrayList<>();
        for (QueryResult.Series s : series) {
            StringBuilder line = new StringBuilder(new TreeMap<>(s.labels()).toString());
            for (int i = 0; i < s.timestampsMs().length; i++) {
                line.append(' ').append(s.timestampsMs()[i]).append('=')
                        .append(Long.toHexString(Double.doubleToRawLongBits(s.values()[i])));
            }
            lines.add(line.toString());
        }
        lines.sort(null);
        return lines;
    }

    private static void add(List<MetricSample> samples, MemorySeriesSource memory, String name,
                            Map<String, String> labels, double value, int secondsAfterBase) {
        samples.add(sample(name, labels, value, START_SECONDS + secondsAfterBase));
        Map<String, String> withName = new TreeMap<>(labels);
        withName.put("__name__", name);
        memory.add(withName, T0 + secondsAfterBase * 1000L, value);
    }
}
