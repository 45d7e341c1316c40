package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debian's Prometheus 2.42 and Fluxtap scrape the same local page with the same scrape file; their
 * {@code /api/v1/query} answers for every series of the target (page series with target labels and
 * {@code exported_} conflicts, report series), the targets API's labels and the target metadata must agree, and
 * after a series leaves the page neither returns it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScrapeDifferentialTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static HttpServer page;
    private static volatile String body = """
            # HELP diff_requests_total Requests served.
            # TYPE diff_requests_total counter
            diff_requests_total{code="200",method="get"} 1027
            diff_requests_total{code="500",method="get"} 3
            # HELP diff_temperature_celsius Temperature.
            # TYPE diff_temperature_celsius gauge
            diff_temperature_celsius{room="lab",job="inner",instance="elsewhere"} 21.5
            # HELP diff_latency_seconds Latency.
            # TYPE diff_latency_seconds histogram
            diff_latency_seconds_bucket{le="0.1"} 5
            diff_latency_seconds_bucket{le="1"} 8
            diff_latency_seconds_bucket{le="+Inf"} 9
            diff_latency_seconds_sum 3.25
            diff_latency_seconds_count 9
            # TYPE diff_rpc summary
            diff_rpc{quantile="0.5"} 0.2
            diff_rpc_sum 10
            diff_rpc_count 40
            diff_untyped 7
            diff_leaving{x="1"} 1
            """;
    private static Path dir;

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page.createContext("/metrics", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        page.start();
        dir = Files.createTempDirectory("fluxtap-scrape-diff-");
        Files.writeString(dir.resolve("scrape.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: page
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels: {team: web}
                """.formatted(page.getAddress().getPort()));
        System.setProperty("fluxtap.scrape.config-file", dir.resolve("scrape.yml").toString());
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-scrape-diff.jar");
    }

    @AfterAll
    static void stopPage() {
        page.stop(0);
    }

    @Test
    void fluxtapAndPrometheusStoreTheSameSeries() throws Exception {
        Path binary = PrometheusRemoteWriteIT.findOnPath("prometheus");
        int port = PrometheusRemoteWriteIT.freePort();
        Process prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("scrape.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI theirs = URI.create("http://127.0.0.1:" + port + "/");
        try {
            TestHttp.await(WAIT, () -> ready(theirs, prometheus), Boolean::booleanValue);
            String selector = "{instance=\"127.0.0.1:" + page.getAddress().getPort() + "\"}";
            // Both have scraped at least twice (scrape_series_added 0) once the series sets settle.
            Map<String, String> expected = TestHttp.await(WAIT, () -> series(theirs, selector, prometheus),
                    s -> s.size() > 15 && "0".equals(s.get(seriesAdded())));
            Map<String, String> ours = TestHttp.await(WAIT, () -> series(fluxtapApi(), selector, prometheus),
                    s -> s.size() == expected.size() && "0".equals(s.get(seriesAdded())));
            assertEquals(expected, ours, "Prometheus (expected) vs Fluxtap (actual)");

            assertEquals(target(theirs), target(fluxtapApi()));
            assertEquals(metadata(theirs), metadata(fluxtapApi()));

            body = body.replace("diff_leaving{x=\"1\"} 1\n", "");
            for (URI api : new URI[]{theirs, fluxtapApi()}) {
                TestHttp.await(WAIT, () -> json(get(api.resolve("api/v1/query?query=" + q("diff_leaving"))))
                        .path("data").path("result"), JsonNode::isEmpty);
            }
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private static boolean ready(URI api, Process prometheus) {
        assertTrue(prometheus.isAlive(), "prometheus exited; see its log");
        try {
            return get(api.resolve("-/ready")).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String seriesAdded() {
        return "scrape_series_added{instance=127.0.0.1:" + page.getAddress().getPort() + ",job=page,team=web}";
    }

    private URI fluxtapApi() {
        return fluxtap.api("/prometheus/");
    }

    /** Every series of the target: labels as text, value (the duration's value is the scrape's own, left out). */
    private static Map<String, String> series(URI api, String selector, Process prometheus) {
        assertTrue(prometheus.isAlive(), "prometheus exited; see its log");
        JsonNode result = json(get(api.resolve("api/v1/query?query=" + q(selector)))).path("data").path("result");
        Map<String, String> out = new TreeMap<>();
        for (JsonNode series : result) {
            Map<String, String> labels = new TreeMap<>();
            series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            String name = labels.remove("__name__");
            StringBuilder key = new StringBuilder(name).append('{');
            Iterator<Map.Entry<String, String>> it = labels.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, String> e = it.next();
                key.append(e.getKey()).append('=').append(e.getValue()).append(it.hasNext() ? "," : "");
            }
            key.append('}');
            out.put(key.toString(), name.equals("scrape_duration_seconds") ? "(duration)"
                    : series.path("value").get(1).asText());
        }
        return out;
    }

    private static String target(URI api) {
        JsonNode target = json(get(api.resolve("api/v1/targets"))).path("data").path("activeTargets").path(0);
        return String.join("\n", "labels " + sorted(target.path("labels")),
                "discovered " + sorted(target.path("discoveredLabels")),
                "pool " + target.path("scrapePool").asText(), "url " + target.path("scrapeUrl").asText(),
                "interval " + target.path("scrapeInterval").asText(), "timeout " + target.path("scrapeTimeout").asText(),
                "health " + target.path("health").asText());
    }

    private static String metadata(URI api) {
        TreeSet<String> entries = new TreeSet<>();
        for (JsonNode entry : json(get(api.resolve("api/v1/targets/metadata?match_target=" + q("{job=\"page\"}"))))
                .path("data")) {
            entries.add(entry.path("metric").asText() + " " + entry.path("type").asText() + " "
                    + entry.path("help").asText() + " " + entry.path("unit").asText());
        }
        return String.join("\n", entries);
    }

    private static Map<String, String> sorted(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
