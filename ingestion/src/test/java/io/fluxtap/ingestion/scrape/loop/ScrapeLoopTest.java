package io.fluxtap.ingestion.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.ingestion.scrape.exposition.Expositions;
import io.fluxtap.testing.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeLoopTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> REPORT = List.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private PageServer server;
    private final List<List<MetricSample>> appended = new ArrayList<>();
    private Instant now = T0;
    private final InstantSource clock = () -> now;

    @BeforeEach
    void start() throws IOException {
        server = new PageServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Target target(URI url, Duration timeout) {
        Labels labels = Labels.of("instance", url.getAuthority(), "job", "app", "env", "prod");
        return new Target("app", labels, labels, url, Duration.ofSeconds(15), timeout);
    }

    private ScrapeLoop loop(ScrapeLoop.Settings settings, HttpClientSettings http, RelabelStep relabel) {
        return loop(target(server.url("/metrics"), Duration.ofSeconds(5)), settings, http, relabel);
    }

    private ScrapeLoop loop(Target target, ScrapeLoop.Settings settings, HttpClientSettings http, RelabelStep relabel) {
        return new ScrapeLoop(target, settings, new ScrapeClient(http), relabel, appended::add, clock);
    }

    private ScrapeLoop loop(ScrapeLoop.Settings settings) {
        return loop(settings, HttpClientSettings.NONE, RelabelStep.NONE);
    }

    private static ScrapeLoop.Settings defaults() {
        return new ScrapeLoop.Settings(false, true, 0, 0, 0);
    }

    private List<MetricSample> last() {
        return appended.getLast();
    }

    private static MetricSample series(List<MetricSample> samples, String name, String... labels) {
        Map<String, String> wanted = Labels.of(labels).asMap();
        List<MetricSample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(wanted))
                .toList();
        assertEquals(1, found.size(), () -> name + wanted + " in " + samples);
        return found.getFirst();
    }

    private static MetricSample only(List<MetricSample> samples, String name) {
        List<MetricSample> found = samples.stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(1, found.size(), () -> name + " in " + samples);
        return found.getFirst();
    }

    private static double value(List<MetricSample> samples, String name) {
        return series(samples, name, "instance", samples.stream().filter(s -> s.name().equals("up")).findFirst()
                .orElseThrow().labels().get("instance"), "job", "app", "env", "prod").value();
    }

    @Test
    void samplesGetTargetLabelsTypesAndTheReportSeries() {
        server.text("""
                # HELP http_requests_total Requests served.
                # TYPE http_requests_total counter
                http_requests_total{code="200"} 1027
                http_requests_total{code="500"} 3
                # TYPE temperature gauge
                temperature 21.5
                untyped_thing 7
                """);
        ScrapeLoop loop = loop(defaults());
        loop.scrape();
        List<MetricSample> out = last();
        String instance = server.address();
        assertEquals(3 + 1 + REPORT.size(), out.size(), out::toString);
        MetricSample ok = series(out, "http_requests_total", "code", "200", "env", "prod", "instance", instance,
                "job", "app");
        assertEquals(1027, ok.value());
        assertEquals(MetricSample.MetricType.COUNTER, ok.type());
        assertEquals("Requests served.", ok.help());
        assertEquals(T0, ok.timestamp());
        assertEquals(MetricSample.MetricType.GAUGE, series(out, "temperature", "env", "prod", "instance", instance,
                "job", "app").type());
        assertEquals(MetricSample.MetricType.UNKNOWN, series(out, "untyped_thing", "env", "prod", "instance",
                instance, "job", "app").type());
        assertEquals(1, value(out, "up"));
        assertEquals(4, value(out, "scrape_samples_scraped"));
        assertEquals(4, value(out, "scrape_samples_post_metric_relabeling"));
        assertEquals(4, value(out, "scrape_series_added"));
        double took = value(out, "scrape_duration_seconds");
        assertTrue(took > 0 && took < 5, "duration " + took);
        assertEquals(ScrapeLoop.Health.UP, loop.status().health());
        assertEquals("", loop.status().lastError());
        assertEquals(T0, loop.status().lastScrape());
        assertEquals(List.of("http_requests_total", "temperature"),
                loop.metadata().stream().map(f -> f.family()).toList());

        now = T0.plusSeconds(15);
        loop.scrape();
        assertEquals(0, value(last(), "scrape_series_added"));
    }

    @Test
    void sendsPrometheusHeaders() {
        server.text("a 1\n");
        loop(defaults()).scrape();
        var headers = server.requests().getFirst();
        assertEquals(Expositions.ACCEPT_HEADER, headers.getFirst("Accept"));
        assertEquals("gzip", headers.getFirst("Accept-encoding"));
        assertEquals("5", headers.getFirst("X-prometheus-scrape-timeout-seconds"));
    }

    @Test
    void targetLabelsWinAndConflictsAreExportedUnlessHonorLabels() {
        server.text("""
                m{job="page",instance="x",exported_job="taken",env=""} 1
                """);
        loop(defaults()).scrape();
        String instance = server.address();
        series(last(), "m", "job", "app", "instance", instance, "env", "prod", "exported_instance", "x",
                "exported_job", "taken", "exported_exported_job", "page");

        loop(new ScrapeLoop.Settings(true, true, 0, 0, 0)).scrape();
        // With honor_labels the page's values stay; an empty page value counts as absent.
        series(last(), "m", "job", "page", "instance", "x", "env", "prod", "exported_job", "taken");
    }

    @Test
    void pageTimestampsOnlyWithHonorTimestamps() {
        long pageMillis = T0.minusSeconds(30).toEpochMilli();
        server.text("m 1 " + pageMillis + "\n");
        loop(defaults()).scrape();
        assertEquals(Instant.ofEpochMilli(pageMillis), last().stream().filter(s -> s.name().equals("m"))
                .findFirst().orElseThrow().timestamp());
        loop(new ScrapeLoop.Settings(false, false, 0, 0, 0)).scrape();
        assertEquals(T0, last().stream().filter(s -> s.name().equals("m")).findFirst().orElseThrow().timestamp());
    }

    @Test
    void metricRelabellingSeesTheNameAndCanDrop() {
        server.text("keep_me 1\ndrop_me 2\n");
        RelabelStep dropByName = labels -> labels.get("__name__").startsWith("drop") ? null
                : labels.with("__name__", "renamed_" + labels.get("__name__"));
        loop(defaults(), HttpClientSettings.NONE, dropByName).scrape();
        List<MetricSample> out = last();
        assertEquals(List.of("renamed_keep_me"), out.stream().map(MetricSample::name)
                .filter(n -> !REPORT.contains(n)).toList());
        assertEquals(2, value(out, "scrape_samples_scraped"));
        assertEquals(1, value(out, "scrape_samples_post_metric_relabeling"));
    }

    /**
     * Relabelling runs once per series, not once per sample: later scrapes of the same lines reuse what it made of
     * them (Prometheus' scrape cache), a new line is relabelled when it first appears, and a line that left the
     * page and comes back is relabelled again. What is stored stays the same either way.
     */
    @Test
    void relabellingRunsOncePerSeriesAcrossScrapes() {
        server.text("kept{a=\"1\"} 1\ndropped 2\n");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        RelabelStep counting = labels -> {
            calls.incrementAndGet();
            return labels.get("__name__").startsWith("dropped") ? null : labels.with("zone", "eu");
        };
        ScrapeLoop loop = loop(defaults(), HttpClientSettings.NONE, counting);
        loop.scrape();
        assertEquals(2, calls.get());
        now = T0.plusSeconds(15);
        loop.scrape();
        assertEquals(2, calls.get(), "the same page again: nothing relabelled, the drop remembered too");
        MetricSample kept = only(last(), "kept");
        assertEquals("eu", kept.labels().get("zone"));
        assertEquals("1", kept.labels().get("a"));
        assertEquals(now, kept.timestamp());
        assertEquals(1, value(last(), "scrape_samples_post_metric_relabeling"));

        server.text("kept{a=\"1\"} 3\nfresh 4\n");
        now = T0.plusSeconds(30);
        loop.scrape();
        assertEquals(3, calls.get(), "only the new line");
        assertEquals(3, only(last(), "kept").value());

        server.text("kept{a=\"1\"} 5\ndropped 6\n");
        now = T0.plusSeconds(45);
        loop.scrape();
        assertEquals(4, calls.get(), "a line that left the page is relabelled when it returns");
        assertEquals(5, only(last(), "kept").value());
        assertFalse(last().stream().anyMatch(s -> s.name().equals("dropped")), last()::toString);
    }

    @Test
    void sampleLimitFailsTheScrapeAndMarksEarlierSeriesStale() {
        server.text("a 1\n");
        ScrapeLoop loop = loop(new ScrapeLoop.Settings(false, true, 2, 0, 0));
        loop.scrape();
        assertEquals(1, value(last(), "up"));
        server.text("a 1\nb 2\nc 3\n");
        now = T0.plusSeconds(15);
        loop.scrape();
        List<MetricSample> out = last();
        assertEquals(0, value(out, "up"));
        assertEquals("sample limit exceeded", loop.status().lastError());
        assertEquals(ScrapeLoop.Health.DOWN, loop.status().health());
        MetricSample a = out.stream().filter(s -> s.name().equals("a")).findFirst().orElseThrow();
        assertTrue(Staleness.isStale(a.value()), "a is stale");
        assertEquals(now, a.timestamp());
        assertFalse(out.stream().anyMatch(s -> s.name().equals("b") || s.name().equals("c")), out::toString);
    }

    @Test
    void labelLimitFailsTheScrape() {
        server.text("m{a=\"1\",b=\"2\"} 1\n");
        // __name__, a, b, env, instance, job: six labels.
        ScrapeLoop loop = loop(new ScrapeLoop.Settings(false, true, 0, 5, 0));
        loop.scrape();
        assertEquals(0, value(last(), "up"));
        assertEquals("label_limit exceeded (metric: m, number of labels: 6, limit: 5)", loop.status().lastError());
        loop(new ScrapeLoop.Settings(false, true, 0, 6, 0)).scrape();
        assertEquals(1, value(last(), "up"));
    }

    @Test
    void bodySizeLimitFailsTheScrape() {
        server.text("m 1\n".repeat(1000));
        ScrapeLoop loop = loop(new ScrapeLoop.Settings(false, true, 0, 0, 100));
        loop.scrape();
        assertEquals(0, value(last(), "up"));
        assertEquals("body size limit exceeded", loop.status().lastError());
    }

    @Test
    void aHugePageWithoutALimitStopsAtTheBuiltInCeiling() {
        // Streams more than the ceiling without holding it: the scraper must give up, not buffer it all.
        server.handler(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "m 1\n".repeat(16_384).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent <= ScrapeClient.DEFAULT_BODY_LIMIT; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        ScrapeLoop loop = loop(target(server.url("/metrics"), Duration.ofSeconds(60)), defaults(),
                HttpClientSettings.NONE, RelabelStep.NONE);
        loop.scrape();
        assertEquals(0, value(last(), "up"));
        assertEquals("body size limit exceeded", loop.status().lastError());
    }

    @Test
    void timeoutFailsTheScrapeOfAServerThatHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handler(exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PageServer.reply(exchange, 200, "text/plain", "m 1\n");
        });
        ScrapeLoop loop = loop(target(server.url("/metrics"), Duration.ofMillis(300)), defaults(),
                HttpClientSettings.NONE, RelabelStep.NONE);
        long start = System.nanoTime();
        loop.scrape();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        release.countDown();
        assertEquals(0, value(last(), "up"));
        assertTrue(loop.status().lastError().endsWith("context deadline exceeded"), loop.status().lastError());
        assertTrue(tookMillis >= 300 && tookMillis < 3000, "took " + tookMillis + " ms");
    }

    /**
     * The HttpClient's own request timeout and the loop's wait for the answer expire together; when the client's
     * fires first (a CI run of the test above saw {@code request timed out}), it is still the scrape timeout.
     */
    @Test
    void theHttpClientsOwnTimeoutIsWordedAsTheScrapeDeadline() {
        assertEquals("context deadline exceeded",
                ScrapeClient.describe(new java.net.http.HttpTimeoutException("request timed out")));
        assertEquals("connection refused", ScrapeClient.describe(new java.net.ConnectException("refused")));
    }

    @Test
    void timeoutCoversABodyThatTrickles() {
        server.handler(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 100; i++) {
                out.write(("m" + i + " 1\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            out.close();
        });
        ScrapeLoop loop = loop(target(server.url("/metrics"), Duration.ofMillis(400)), defaults(),
                HttpClientSettings.NONE, RelabelStep.NONE);
        loop.scrape();
        assertEquals(0, value(last(), "up"));
        assertTrue(loop.status().lastError().endsWith("context deadline exceeded"), loop.status().lastError());
    }

    @Test
    void gzipBodiesAreDecompressed() {
        byte[] gzipped = Http.gzip("# TYPE m gauge\nm 42\n".getBytes(StandardCharsets.UTF_8));
        server.handler(exchange -> PageServer.reply(exchange, 200, "text/plain; version=0.0.4", gzipped, "gzip"));
        loop(defaults()).scrape();
        assertEquals(42, value(last(), "m"));
    }

    @Test
    void openMetricsPagesAreParsedByContentType() {
        server.handler(exchange -> PageServer.reply(exchange, 200,
                "application/openmetrics-text; version=1.0.0; charset=utf-8", """
                        # TYPE requests counter
                        # HELP requests Requests.
                        requests_total 5 # {trace_id="abc"} 1.0 1700000000.000
                        # EOF
                        """));
        loop(defaults()).scrape();
        MetricSample requests = series(last(), "requests_total", "env", "prod", "instance", server.address(),
                "job", "app");
        assertEquals(5, requests.value());
        assertEquals(MetricSample.MetricType.COUNTER, requests.type());
        assertEquals(1, requests.exemplars().size());
    }

    @Test
    void basicAuthAndBearerAreSent(@TempDir Path dir) throws IOException {
        server.text("m 1\n");
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        loop(defaults(), new HttpClientSettings(new HttpClientSettings.BasicAuth("user", null, password.toString()),
                null, null), RelabelStep.NONE).scrape();
        assertEquals("Basic " + Base64.getEncoder().encodeToString("user:s3cret".getBytes(StandardCharsets.UTF_8)),
                server.requests().getLast().getFirst("Authorization"));

        loop(defaults(), new HttpClientSettings(null, new HttpClientSettings.Authorization(null, "tok", null), null),
                RelabelStep.NONE).scrape();
        assertEquals("Bearer tok", server.requests().getLast().getFirst("Authorization"));

        Path credentials = Files.writeString(dir.resolve("token"), "from-file");
        loop(defaults(), new HttpClientSettings(null,
                new HttpClientSettings.Authorization("Custom", null, credentials.toString()), null),
                RelabelStep.NONE).scrape();
        assertEquals("Custom from-file", server.requests().getLast().getFirst("Authorization"));
    }

    @Test
    void aServerErrorIsUpZeroAndMarksEverySeriesStale() {
        server.text("a 1\nb{x=\"1\"} 2\n");
        ScrapeLoop loop = loop(defaults());
        loop.scrape();
        server.handler(exchange -> PageServer.reply(exchange, 500, "text/plain", "boom"));
        now = T0.plusSeconds(15);
        loop.scrape();
        List<MetricSample> out = last();
        assertEquals(0, value(out, "up"));
        assertEquals(0, value(out, "scrape_samples_scraped"));
        assertEquals("server returned HTTP status 500 Internal Server Error", loop.status().lastError());
        List<String> stale = out.stream().filter(s -> Staleness.isStale(s.value())).map(MetricSample::name)
                .sorted().toList();
        assertEquals(List.of("a", "b"), stale);
        // Garbage is a failure too, with the parser's reason.
        server.text("this is { not a page\n");
        loop.scrape();
        assertEquals(0, value(last(), "up"));
        assertFalse(loop.status().lastError().isEmpty());
    }

    @Test
    void aRefusedConnectionIsUpZero() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ScrapeLoop loop = loop(target(URI.create("http://127.0.0.1:" + port + "/metrics"), Duration.ofSeconds(2)),
                defaults(), HttpClientSettings.NONE, RelabelStep.NONE);
        loop.scrape();
        MetricSample up = last().stream().filter(s -> s.name().equals("up")).findFirst().orElseThrow();
        assertEquals(0, up.value());
        assertTrue(loop.status().lastError().contains("connection refused"), loop.status().lastError());
    }

    @Test
    void aSeriesMissingFromThePageGetsAStaleMarkerOnce() {
        server.text("a 1\nb 2\n");
        ScrapeLoop loop = loop(defaults());
        loop.scrape();
        server.text("a 1\n");
        now = T0.plusSeconds(15);
        loop.scrape();
        List<MetricSample> b = last().stream().filter(s -> s.name().equals("b")).toList();
        assertEquals(1, b.size());
        assertEquals(Staleness.STALE_NAN_BITS, Double.doubleToRawLongBits(b.getFirst().value()));
        assertEquals(now, b.getFirst().timestamp());
        now = T0.plusSeconds(30);
        loop.scrape();
        assertFalse(last().stream().anyMatch(s -> s.name().equals("b")), "stale marker written only once");
    }

    @Test
    void stoppingMarksEverySeriesStaleIncludingTheReport() {
        server.text("a 1\n");
        ScrapeLoop loop = loop(defaults());
        loop.scrape();
        now = T0.plusSeconds(3);
        loop.stop();
        List<MetricSample> out = last();
        assertEquals(1 + REPORT.size(), out.size());
        assertTrue(out.stream().allMatch(s -> Staleness.isStale(s.value()) && s.timestamp().equals(now)));
        int before = appended.size();
        loop.scrape();
        assertEquals(before, appended.size(), "no scrape after stop");
    }

    @Test
    void startsAtTheTargetsOffsetAndScrapesEveryInterval() {
        server.text("a 1\n");
        List<Duration> delays = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        ScrapeLoop loop = loop(defaults());
        loop.start((task, delay, period) -> {
            delays.add(delay);
            delays.add(period);
            tasks.add(task);
            return () -> tasks.clear();
        }, 0);
        assertEquals(loop.target().offset(T0.toEpochMilli() * 1_000_000L, 0), delays.get(0));
        assertEquals(Duration.ofSeconds(15), delays.get(1));
        tasks.getFirst().run();
        assertEquals(1, value(last(), "up"));
        loop.stop();
        assertTrue(tasks.isEmpty(), "cancelled");
    }

    @Test
    void reportSeriesCarryTheTargetLabelsOnly() {
        server.text("a 1\n");
        loop(defaults()).scrape();
        Map<String, String> labels = new TreeMap<>(Map.of("instance", server.address(), "job", "app", "env", "prod"));
        assertEquals(REPORT.stream().sorted().toList(), last().stream().filter(s -> s.labels().equals(labels)
                && !s.name().equals("a")).map(MetricSample::name).sorted().collect(Collectors.toList()));
        assertNotNull(last().getFirst().entityName());
    }
}
