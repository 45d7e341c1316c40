package io.fluxtap.storage.prometheus.head;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.prometheus.series.DuckDbSeriesSource;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;
import io.fluxtap.storage.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The head block answers exactly as DuckDB: the same queries over the server's head-backed source and over DuckDB
 * alone give the same series, times and value bits (counter resets, a stale marker, regex matchers, a classic
 * histogram), with the head fed by the writer and, in a second head, loaded at start from what DuckDB holds, hot and
 * exported; a range reaching back past the head's window is answered by DuckDB and still agrees.
 */
class HeadAgreesWithDuckDbTest {

    private static final long STALE_BITS = 0x7ff0000000000002L;
    private static final int START_SECONDS = 45 * 60;
    private static final long T0 = BASE.toEpochMilli() + START_SECONDS * 1000L;
    private static final int SCRAPE_SECONDS = 15;
    private static final int SCRAPES = 120;
    private static final long END = T0 + (SCRAPES - 1) * SCRAPE_SECONDS * 1000L;
    /** 11:20, five minutes after the last sample: the warehouse exports 10:45-11:00. */
    private static final Clock CLOCK = Clock.fixed(BASE.plusSeconds(80 * 60), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private ServerHead fed;
    private DuckDbSeriesSource duckDb;
    private final AtomicInteger duckDbSelects = new AtomicInteger();

    @BeforeEach
    void load() {
        db = new DuckDbDatabase(tmp);
        fed = new ServerHead(db, Duration.ofHours(3), 1_000_000, Duration.ofDays(30), CLOCK);
        assertEquals(0, fed.load(), "an empty store loads nothing");
        assertEquals(CLOCK.millis() - Duration.ofDays(30).toMillis(), fed.head().orElseThrow().coveredFromMs(),
                "a head started over an empty store covers all time within the metrics' retention");
        List<MetricSample> samples = new ArrayList<>();
        Random random = new Random(7);
        for (String job : List.of("api", "web", "batch")) {
            for (int instance = 0; instance < 4; instance++) {
                Map<String, String> labels = Map.of("job", job, "instance", "host-" + instance);
                double counter = 0;
                for (int i = 0; i < SCRAPES; i++) {
                    counter = instance == 1 && i == 60 ? 3 : counter + random.nextInt(50);
                    samples.add(sample("http_requests_total", labels, counter, START_SECONDS + i * SCRAPE_SECONDS));
                    samples.add(sample("queue_depth", labels, random.nextGaussian() * 10,
                            START_SECONDS + i * SCRAPE_SECONDS));
                }
            }
        }
        double[] bounds = {0.1, 0.5, 1, Double.POSITIVE_INFINITY};
        double[] cumulative = new double[bounds.length];
        for (int i = 0; i < SCRAPES; i++) {
            for (int b = 0; b < bounds.length; b++) {
                cumulative[b] += (b + 1) * random.nextInt(5);
                String le = Double.isInfinite(bounds[b]) ? "+Inf" : Double.toString(bounds[b]);
                samples.add(sample("latency_seconds_bucket", Map.of("job", "api", "le", le), cumulative[b],
                        START_SECONDS + i * SCRAPE_SECONDS));
            }
        }
        for (int i = 0; i < SCRAPES / 2; i++) {
            samples.add(sample("up", Map.of("job", "api"), 1, START_SECONDS + i * SCRAPE_SECONDS));
        }
        samples.add(sample("up", Map.of("job", "api"), Double.longBitsToDouble(STALE_BITS),
                START_SECONDS + SCRAPES / 2 * SCRAPE_SECONDS));
        // A label with an empty value is no label to PromQL, in either store.
        samples.add(sample("up", Map.of("job", "web", "zone", ""), 1, START_SECONDS + 600));
        // Written in four batches, the second half first: the head takes older samples in order too.
        int half = samples.size() / 2;
        try (RecordSink.Writer writer = new DuckDbRecordSink(db, fed).openWriter(Lane.P2)) {
            writer.write(batch(samples.subList(half, samples.size())));
            writer.write(batch(samples.subList(0, half / 2)));
            writer.write(batch(samples.subList(half / 2, half)));
        }
        duckDb = new DuckDbSeriesSource(db, 10_000_000);
        assertEquals(samples.size(), fed.head().orElseThrow().sampleCount(), "every committed sample is in the head");
    }

    private static RecordBatch batch(List<MetricSample> samples) {
        return new RecordBatch(Lane.P2, List.of(), List.of(), List.copyOf(samples), RecordBatch.NO_WAL);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SeriesSource countedDuckDb() {
        return (matchers, min, max) -> {
            duckDbSelects.incrementAndGet();
            return duckDb.select(matchers, min, max);
        };
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
            "up{zone=\"\"}",
            "http_requests_total{job!~\"a.*\", instance!=\"host-3\"}",
            "sum by (job, instance) (rate(http_requests_total[5m])) / ignoring (instance) group_left"
                    + " sum by (job) (rate(http_requests_total[5m] offset 5m))",
    })
    void queriesOverTheHeadAgreeWithDuckDbFedAndLoadedHotAndCold(String query) throws Exception {
        long start = T0 + 600_000;
        PromqlEvaluator overDuckDb = new PromqlEvaluator(duckDb, PromqlLimits.prometheusDefaults());
        PromqlEvaluator overFed = new PromqlEvaluator(
                new HeadSeriesSource(fed.head().orElseThrow(), countedDuckDb(), 10_000_000),
                PromqlLimits.prometheusDefaults());
        List<String> expected = render(overDuckDb.range(query, start, END, 30_000).result());
        assertFalse(expected.isEmpty(), "the query selects data: " + query);
        assertEquals(expected, render(overFed.range(query, start, END, 30_000).result()), "fed head: " + query);
        assertEquals(0, duckDbSelects.get(), "the fed head answered every select");

        Warehouse warehouse = new Warehouse(db, new MessageWireViews(db, List.of()), 1 << 20, 4, Long.MAX_VALUE, CLOCK);
        assertFalse(warehouse.exportClosedHours().isEmpty(), "the closed hour is exported");
        ServerHead loaded = new ServerHead(db, Duration.ofHours(3), 1_000_000, Duration.ofDays(30), CLOCK);
        assertEquals(fed.head().orElseThrow().sampleCount(), loaded.load(), "the load reads hot and exported samples");
        PromqlEvaluator overLoaded = new PromqlEvaluator(
                new HeadSeriesSource(loaded.head().orElseThrow(), countedDuckDb(), 10_000_000),
                PromqlLimits.prometheusDefaults());
        assertEquals(expected, render(overLoaded.range(query, start, END, 30_000).result()), "loaded head: " + query);
        assertEquals(expected, render(overDuckDb.range(query, start, END, 30_000).result()), "DuckDB hot and cold");
        assertEquals(0, duckDbSelects.get(), "the loaded head answered every select");
    }

    @Test
    void aRangePartlyBeforeTheWindowGoesToDuckDbAndAgrees() {
        // A 10-minute head loaded at start covers 11:04:45 on (the newest sample, 11:14:45, minus the window).
        ServerHead small = new ServerHead(db, Duration.ofMinutes(10), 1_000_000, Duration.ofDays(30), CLOCK);
        small.load();
        HeadBlock head = small.head().orElseThrow();
        assertEquals(END - 600_000, head.coveredFromMs());
        PromqlEvaluator overDuckDb = new PromqlEvaluator(duckDb, PromqlLimits.prometheusDefaults());
        PromqlEvaluator overHead = new PromqlEvaluator(new HeadSeriesSource(head, countedDuckDb(), 10_000_000),
                PromqlLimits.prometheusDefaults());
        String query = "sum by (job) (rate(http_requests_total[5m]))";

        long recent = END - 60_000;
        assertEquals(render(overDuckDb.range(query, recent, END, 15_000).result()),
                render(overHead.range(query, recent, END, 15_000).result()));
        assertEquals(0, duckDbSelects.get(), "within the window the head answers");

        long early = T0 + 600_000;
        List<String> expected = render(overDuckDb.range(query, early, END, 15_000).result());
        assertEquals(expected, render(overHead.range(query, early, END, 15_000).result()));
        assertTrue(duckDbSelects.get() > 0, "a range reaching before the window is DuckDB's");
        assertTrue(expected.getFirst().contains(" " + early + "="), "the answer starts before the head: " + expected);
    }

    @Test
    void rawSelectsAgreeSeriesBySeriesInDuckDbsOrder() {
        HeadBlock head = fed.head().orElseThrow();
        List<List<LabelMatcher>> selectors = List.of(
                List.of(eq("__name__", "http_requests_total")),
                List.of(new LabelMatcher("__name__", LabelMatcher.Type.REGEX, "http_.*|queue_depth"),
                        new LabelMatcher("instance", LabelMatcher.Type.NOT_REGEX, "host-[03]")),
                List.of(eq("job", "api")),
                List.of(eq("__name__", "up"), eq("zone", "")),
                List.of(eq("__name__", "up"), new LabelMatcher("job", LabelMatcher.Type.NOT_EQUAL, "api")),
                List.of(eq("__name__", "nothing")));
        for (List<LabelMatcher> selector : selectors) {
            for (long[] range : new long[][] {{T0, END}, {T0 + 1, T0 + 29_999}, {END, Long.MAX_VALUE},
                    {Long.MIN_VALUE, T0}, {T0 + 900_000, T0 + 900_000}}) {
                assertEquals(renderSeries(duckDb.select(selector, range[0], range[1])),
                        renderSeries(head.select(selector, range[0], range[1], Long.MAX_VALUE)),
                        selector + " over " + range[0] + ".." + range[1]);
            }
        }
        String stale = renderSeries(head.select(List.of(eq("__name__", "up"), eq("job", "api")), T0, END,
                Long.MAX_VALUE)).getFirst();
        assertTrue(stale.endsWith("=7ff0000000000002"), "the stale marker keeps its bits: " + stale);
    }

    private static LabelMatcher eq(String name, String value) {
        return new LabelMatcher(name, LabelMatcher.Type.EQUAL, value);
    }

    /** In the sources' own order: DuckDB's is by series id, and the head's must be the same. */
    private static List<String> renderSeries(List<StoredSeries> series) {
        List<String> lines = new ArrayList<>();
        for (StoredSeries s : series) {
            StringBuilder line = new StringBuilder(s.labels().toString());
            for (int i = 0; i < s.timestampsMs().length; i++) {
                line.append(' ').append(s.timestampsMs()[i]).append('=')
                        .append(Long.toHexString(Double.doubleToRawLongBits(s.values()[i])));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static List<String> render(QueryResult result) {
        List<String> lines = new ArrayList<>();
        for (QueryResult.Series s : assertInstanceOf(QueryResult.RangeMatrix.class, result).series()) {
            StringBuilder line = new StringBuilder(s.labels().toString());
            for (int i = 0; i < s.timestampsMs().length; i++) {
                line.append(' ').append(s.timestampsMs()[i]).append('=')
                        .append(Long.toHexString(Double.doubleToRawLongBits(s.values()[i])));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
