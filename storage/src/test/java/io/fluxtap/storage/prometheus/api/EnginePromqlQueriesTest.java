package io.fluxtap.storage.prometheus.api;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.PromqlQueries.Matrix;
import io.fluxtap.api.PromqlQueries.Point;
import io.fluxtap.api.PromqlQueries.Sample;
import io.fluxtap.api.PromqlQueries.Series;
import io.fluxtap.api.PromqlQueries.Vector;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.QueryException.Kind;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.prometheus.series.DuckDbSeriesSource;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PromQL port over the real engine and a real DuckDB store: values and labels come back as api types, and the
 * engine's failures as the port's error kinds.
 */
class EnginePromqlQueriesTest {

    private static final PromqlLimits LIMITS = PromqlLimits.prometheusDefaults();

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private QueryRunner runner;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void store() {
        db = new DuckDbDatabase(tmp);
        List<MetricSample> samples = new ArrayList<>();
        // Two counters scraped every 15 s for 5 minutes: api grows by 3 per scrape, web by 1.
        for (int i = 0; i <= 20; i++) {
            samples.add(sample("http_requests_total", Map.of("job", "api", "instance", "a:1"), 3.0 * i, i * 15));
            samples.add(sample("http_requests_total", Map.of("job", "web", "instance", "w:1"), i, i * 15));
        }
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), samples, RecordBatch.NO_WAL));
        }
        runner = new QueryRunner(2);
    }

    @AfterEach
    void close() {
        release.countDown();
        runner.close();
        db.close();
    }

    private EnginePromqlQueries port(PromqlLimits limits, Duration timeout) {
        return new EnginePromqlQueries(new PromqlEvaluator(new DuckDbSeriesSource(db, limits.maxSamples()), limits),
                runner, timeout);
    }

    @Test
    void anInstantQueryAnswersSamplesWithApiLabels() {
        Instant at = BASE.plusSeconds(300);
        Vector vector = port(LIMITS, Duration.ofSeconds(30)).instant("http_requests_total", at);
        assertEquals(List.of(
                new Sample(Labels.of("__name__", "http_requests_total", "instance", "a:1", "job", "api"), at, 60),
                new Sample(Labels.of("__name__", "http_requests_total", "instance", "w:1", "job", "web"), at, 20)),
                sorted(vector.samples()));

        Vector rates = port(LIMITS, Duration.ofSeconds(30)).instant("sum by (job) (rate(http_requests_total[2m])) > 0.1",
                at);
        assertEquals(1, rates.samples().size(), "web's 1 per 15 s is below the threshold: " + rates);
        Sample api = rates.samples().get(0);
        assertEquals(Labels.of("job", "api"), api.labels());
        assertEquals(at, api.timestamp());
        assertEquals(0.2, api.value(), 1e-9, "3 per 15 s");
    }

    @Test
    void aScalarComesBackAsOneSampleWithoutLabelsAsForRules() {
        Instant at = BASE.plusSeconds(60);
        Vector vector = port(LIMITS, Duration.ofSeconds(30)).instant("scalar(http_requests_total{job=\"web\"}) * 2", at);
        assertEquals(List.of(new Sample(Labels.EMPTY, at, 8)), vector.samples());
    }

    @Test
    void aRangeQueryAnswersSeriesOfPoints() {
        Matrix matrix = port(LIMITS, Duration.ofSeconds(30)).range("http_requests_total{job=\"web\"} * 10",
                BASE.plusSeconds(60), BASE.plusSeconds(120), Duration.ofSeconds(30));
        assertEquals(List.of(new Series(Labels.of("instance", "w:1", "job", "web"), List.of(
                        new Point(BASE.plusSeconds(60), 40), new Point(BASE.plusSeconds(90), 60),
                        new Point(BASE.plusSeconds(120), 80)))),
                matrix.series(), "the name is dropped by the arithmetic, as in Prometheus");
    }

    @Test
    void aParseErrorIsBadData() {
        EnginePromqlQueries port = port(LIMITS, Duration.ofSeconds(30));
        QueryException instant = assertThrows(QueryException.class,
                () -> port.instant("rate(http_requests_total[5m]", BASE));
        assertEquals(Kind.BAD_DATA, instant.kind());
        assertTrue(instant.getMessage().contains("parse error"), instant.getMessage());

        QueryException range = assertThrows(QueryException.class,
                () -> port.range("sum(", BASE, BASE.plusSeconds(60), Duration.ofSeconds(15)));
        assertEquals(Kind.BAD_DATA, range.kind());
        assertEquals(Kind.BAD_DATA, assertThrows(QueryException.class,
                () -> port.range("up", BASE, BASE.plusSeconds(60), Duration.ZERO)).kind(), "a step of zero");
        assertEquals(Kind.BAD_DATA, assertThrows(QueryException.class,
                () -> port.range("up", BASE.plusSeconds(60), BASE, Duration.ofSeconds(1))).kind(), "end before start");
        assertEquals(Kind.BAD_DATA, assertThrows(QueryException.class,
                () -> port.instant("\"text\"", BASE)).kind(), "a string is no vector");
        assertEquals(Kind.BAD_DATA, assertThrows(QueryException.class,
                () -> port.instant("http_requests_total[1m]", BASE)).kind(), "a range vector is no vector");
    }

    @Test
    void parseChecksAnExpressionWithPrometheusWording() {
        EnginePromqlQueries port = port(LIMITS, Duration.ofSeconds(30));
        port.parse("sum by (job) (rate(http_requests_total[5m])) > 10");
        QueryException incomplete = assertThrows(QueryException.class, () -> port.parse("test +"));
        assertEquals(Kind.BAD_DATA, incomplete.kind());
        assertEquals("1:7: parse error: unexpected end of input", incomplete.getMessage());
        QueryException typed = assertThrows(QueryException.class, () -> port.parse("rate(hi)"));
        assertEquals(Kind.BAD_DATA, typed.kind());
        assertEquals("1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
                typed.getMessage(), "the message promtool prints for rulefmt/bad_expr.bad.yaml");
    }

    @Test
    void moreSamplesThanTheLimitIsExecution() {
        PromqlLimits few = new PromqlLimits(LIMITS.lookbackDelta(), LIMITS.timeout(), LIMITS.maxPointsPerSeries(), 10);
        QueryException e = assertThrows(QueryException.class,
                () -> port(few, Duration.ofSeconds(30)).instant("count_over_time(http_requests_total[5m])",
                        BASE.plusSeconds(300)));
        assertEquals(Kind.EXECUTION, e.kind());
        assertEquals("execution", e.kind().wireName());
        assertTrue(e.getMessage().contains("too many samples"), e.getMessage());
    }

    @Test
    void aQueryOverTheTimeLimitIsTimeout() {
        // The store never answers a select of blocked_metric (until the test ends), so only the time limit ends it.
        SeriesSource stored = new DuckDbSeriesSource(db, LIMITS.maxSamples());
        SeriesSource blocking = (matchers, min, max) -> {
            if (names(matchers, "blocked_metric")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return stored.select(matchers, min, max);
        };
        EnginePromqlQueries port = new EnginePromqlQueries(new PromqlEvaluator(blocking, LIMITS), runner,
                Duration.ofMillis(300));
        QueryException e = assertThrows(QueryException.class, () -> port.instant("blocked_metric", BASE));
        assertEquals(Kind.TIMEOUT, e.kind());
        release.countDown();
        assertEquals(2, port.instant("http_requests_total", BASE.plusSeconds(15)).samples().size(),
                "the port goes on answering");
    }

    private static boolean names(List<LabelMatcher> matchers, String name) {
        return matchers.stream().anyMatch(m -> m.name().equals("__name__") && m.value().equals(name));
    }

    private static List<Sample> sorted(List<Sample> samples) {
        return samples.stream().sorted(Comparator.comparing(s -> s.labels().toString())).toList();
    }
}
