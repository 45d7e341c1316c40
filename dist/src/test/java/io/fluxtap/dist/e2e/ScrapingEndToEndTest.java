package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server scrapes a local page every second (its scrape file given through {@code fluxtap.scrape.config-file}):
 * PromQL returns the page's values and {@code up}; the targets and metadata APIs describe it; a series that leaves
 * the page stops being returned at once (stale marker, not the 5-minute lookback); {@code POST /-/reload} with a bad
 * file keeps scraping and answers 500, a good one that scrapes Fluxtap's own {@code /metrics} instead gives
 * {@code up{job="fluxtap"}} and ends the page job's series.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScrapingEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static HttpServer page;
    private static volatile String body = """
            # HELP page_temperature Temperature of the page.
            # TYPE page_temperature gauge
            page_temperature{room="lab"} 21.5
            # TYPE page_requests_total counter
            page_requests_total 1027
            page_leaving 1
            """;
    private static Path conf;

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
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        conf = Files.createTempDirectory("fluxtap-scrape-");
        Files.writeString(conf.resolve("scrape.yml"), pageJob());
        System.setProperty("fluxtap.scrape.config-file", conf.resolve("scrape.yml").toString());
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-scraping.jar");
    }

    @AfterAll
    static void stopPage() {
        page.stop(0);
    }

    private static String pageAddress() {
        return "127.0.0.1:" + page.getAddress().getPort();
    }

    private static String pageJob() {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: page
                    static_configs:
                      - targets: ["%s"]
                        labels: {team: web}
                """.formatted(pageAddress());
    }

    private JsonNode query(String promql) {
        return json(get(fluxtap.api("/prometheus/api/v1/query?query=" + q(promql)))).path("data").path("result");
    }

    @Test
    @Order(1)
    void pageValuesAndUpAreQueryable() {
        JsonNode up = TestHttp.await(WAIT, () -> query("up{job=\"page\"}"), r -> r.size() == 1);
        assertEquals("1", up.get(0).path("value").get(1).asText(), up.toString());
        assertEquals(pageAddress(), up.get(0).path("metric").path("instance").asText());
        assertEquals("web", up.get(0).path("metric").path("team").asText());

        JsonNode temperature = TestHttp.await(WAIT, () -> query("page_temperature"), r -> r.size() == 1);
        assertEquals("21.5", temperature.get(0).path("value").get(1).asText());
        JsonNode metric = temperature.get(0).path("metric");
        assertEquals("lab", metric.path("room").asText());
        assertEquals("page", metric.path("job").asText());
        assertEquals("1027", query("page_requests_total").get(0).path("value").get(1).asText());
        JsonNode scraped = TestHttp.await(WAIT, () -> query("scrape_samples_scraped{job=\"page\"}"),
                r -> r.size() == 1);
        assertEquals("3", scraped.get(0).path("value").get(1).asText());
    }

    @Test
    @Order(2)
    void targetsAndMetadataDescribeThePage() {
        JsonNode target = TestHttp.await(WAIT, () -> json(get(fluxtap.api("/prometheus/api/v1/targets")))
                .path("data").path("activeTargets").path(0), t -> "up".equals(t.path("health").asText()));
        assertEquals("page", target.path("scrapePool").asText());
        assertEquals("http://" + pageAddress() + "/metrics", target.path("scrapeUrl").asText());
        assertEquals("", target.path("lastError").asText());
        assertEquals("1s", target.path("scrapeInterval").asText());
        assertEquals(pageAddress(), target.path("discoveredLabels").path("__address__").asText());
        assertEquals("web", target.path("labels").path("team").asText());
        JsonNode dropped = json(get(fluxtap.api("/prometheus/api/v1/targets?state=dropped"))).path("data");
        assertTrue(dropped.path("activeTargets").isMissingNode(), dropped.toString());

        JsonNode targetMetadata = json(get(fluxtap.api("/prometheus/api/v1/targets/metadata?metric=page_temperature"
                + "&match_target=" + q("{job=\"page\"}")))).path("data");
        assertEquals(1, targetMetadata.size(), targetMetadata.toString());
        assertEquals("gauge", targetMetadata.get(0).path("type").asText());
        assertEquals("Temperature of the page.", targetMetadata.get(0).path("help").asText());
        assertEquals(400, get(fluxtap.api("/prometheus/api/v1/targets/metadata?match_target=" + q("job"))).statusCode());

        // Storage's metadata API reads what the scrape stored.
        JsonNode metadata = TestHttp.await(WAIT, () -> json(get(fluxtap.api(
                "/prometheus/api/v1/metadata?metric=page_requests_total"))).path("data"), d -> d.size() > 0);
        assertEquals("counter", metadata.path("page_requests_total").path(0).path("type").asText(), metadata.toString());
    }

    @Test
    @Order(3)
    void aSeriesLeavingThePageEndsAtOnce() {
        assertEquals(1, TestHttp.await(WAIT, () -> query("page_leaving"), r -> r.size() == 1).size());
        body = body.replace("page_leaving 1\n", "");
        // Within the 5-minute lookback only a stale marker makes the series go this soon.
        TestHttp.await(WAIT, () -> query("page_leaving"), r -> r.isEmpty());
        assertEquals(1, query("page_temperature").size());
    }

    @Test
    @Order(4)
    void reloadKeepsABadFileOutAndAppliesAGoodOne() throws IOException {
        Files.writeString(conf.resolve("scrape.yml"), "scrape_configs:\n  - job_name: page\n    scrape_interval: x\n");
        HttpResponse<String> refused = post(fluxtap.api("/-/reload"), null, new byte[0]);
        assertEquals(500, refused.statusCode(), refused.body());
        assertTrue(refused.body().startsWith("failed to reload config: loading "), refused.body());
        assertTrue(refused.body().contains("scrape.yml"), refused.body());
        assertEquals(1, query("up{job=\"page\"}").size());

        int port = fluxtap.api("/").getPort();
        Files.writeString(conf.resolve("scrape.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: fluxtap
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(port));
        HttpResponse<String> reloaded = post(fluxtap.api("/-/reload"), null, new byte[0]);
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        JsonNode self = TestHttp.await(WAIT, () -> query("up{job=\"fluxtap\"}"), r -> r.size() == 1);
        assertEquals("1", self.get(0).path("value").get(1).asText(), self.toString());
        TestHttp.await(WAIT, () -> query("up{job=\"page\"}"), r -> r.isEmpty());
        assertTrue(query("page_temperature").isEmpty(), "the removed job's series end with it");
        JsonNode gauge = TestHttp.await(WAIT, () -> query("fluxtap_scrape_config_last_reload_successful"),
                r -> r.size() == 1);
        assertEquals("1", gauge.get(0).path("value").get(1).asText());
    }
}
