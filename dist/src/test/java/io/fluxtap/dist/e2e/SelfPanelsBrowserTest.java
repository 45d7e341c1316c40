package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Overview's charts of Fluxtap itself on the real server (issue #17): the server scrapes its own {@code /metrics}
 * every second as job {@code fluxtap} (the shipped scrape file's job, at a test's interval), logs are sent, and the
 * page in a real browser charts the accepted records by signal, its memory and its DuckDB time, read by the real
 * PromQL engine from what the self-scrape stored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SelfPanelsBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        Path conf = Files.createTempDirectory("fluxtap-self-scrape-");
        Files.writeString(conf.resolve("scrape.yml"), """
                scrape_configs:
                  - job_name: fluxtap
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    static_configs:
                      - targets: ["localhost:${fluxtap.http.port}"]
                """);
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        System.setProperty("fluxtap.scrape.config-file", conf.resolve("scrape.yml").toString());
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-self-panels.jar");
    }

    @Test
    void overviewChartsFluxtapsOwnMetricsFromItsSelfScrape() throws Exception {
        URI logs = URI.create(fluxtap.otlpHttpBase() + "/v1/logs");
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"self-panels"}}]},
                  "scopeLogs":[{"logRecords":[{"severityNumber":9,"body":{"stringValue":"charted"}}]}]}]}""";
        // A few seconds of ingest, so rate() has samples of a rising counter on both sides of them.
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(200, TestHttp.post(logs, "application/json", body.getBytes(StandardCharsets.UTF_8))
                    .statusCode());
        }
        try (BrowserSession browser = HeadlessChromium.locate().open(1400, 1800)) {
            browser.navigate(fluxtap.dashboard("/?range=5m&refresh=5s"));
            String accepted = browser.await("(document.querySelector('#self-panel-0 .self-panel-chart')"
                    + ".getAttribute('data-series') || '').includes('signal=\"logs\"') && document.querySelector("
                    + "'#self-panel-0 .self-panel-chart').getAttribute('data-series')", DEADLINE).asText();
            assertTrue(accepted.contains("signal=\"logs\""), accepted);
            String memory = browser.await("document.querySelector('#self-panel-6 .self-panel-chart')"
                    + ".getAttribute('data-series')", DEADLINE).asText();
            assertTrue(memory.contains("job=\"fluxtap\"") && memory.contains("process_resident_memory_bytes"), memory);
            String db = browser.await("document.querySelector('#self-panel-5 .self-panel-chart')"
                    + ".getAttribute('data-series')", DEADLINE).asText();
            assertTrue(db.contains("operation=\"append\""), db);
            assertEquals("", browser.eval("Array.from(document.querySelectorAll('.self-panel-error'))"
                    + ".map(e => e.textContent).join('')").asText(), "no panel failed");
            assertTrue(browser.text().contains("from the self-scrape (job=\"fluxtap\")"), browser.text());
            assertEquals(java.util.List.of(), browser.exceptions());
        }
    }
}
