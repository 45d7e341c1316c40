package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fluxtap observing itself (issue #17, {@code fluxtap.observability.enabled=true}, no endpoint: into itself): a
 * request that continues a caller's trace is stored as a span of service {@code fluxtap} in that trace, found by the
 * trace API like any sender's span, Fluxtap's own log records are stored as logs of service {@code fluxtap}, and
 * its background work (here the warehouse export and retention sweep, every 2 s, a rule group's evaluations and the
 * delivery of its alert) is traced as root spans of their own; and both show
 * on the dashboard's Traces and Logs pages.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SelfObservabilityEndToEndTest {

    private static final Duration STORED = Duration.ofSeconds(30);

    /** Where the rule's alert is delivered, so a notification attempt is traced. */
    private static WebhookCapture webhook;

    @ArquillianResource
    RunningFluxtap fluxtap;

    @AfterAll
    static void stopWebhook() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        System.setProperty("fluxtap.observability.enabled", "true");
        System.setProperty("fluxtap.observability.resource-attributes", "deployment.environment=test");
        System.setProperty("fluxtap.warehouse.export-interval", "2s");
        System.setProperty("fluxtap.retention.interval", "2s");
        Path rules = Files.createTempDirectory("fluxtap-self-rules-");
        Files.writeString(rules.resolve("self.yml"), """
                groups:
                  - name: self-traced
                    interval: 1s
                    rules:
                      - record: self:one
                        expr: vector(1)
                      - alert: SelfTraced
                        expr: vector(1) > 0
                """);
        System.setProperty("fluxtap.alerting.rule-files", rules.resolve("*.yml").toString());
        webhook = WebhookCapture.start();
        Path alertmanager = Files.createTempDirectory("fluxtap-self-alertmanager-").resolve("alertmanager.yml");
        Files.writeString(alertmanager, """
                route:
                  receiver: hook
                  group_wait: 1s
                receivers:
                  - name: hook
                    webhook_configs: [{url: '%s'}]
                """.formatted(webhook.url("/hook")));
        System.setProperty("fluxtap.alertmanager.config-file", alertmanager.toString());
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-self-observability.jar");
    }

    @Test
    void aTracedRequestIsStoredAsFluxtapsOwnSpanInTheCallersTrace() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        String callerSpan = "b7ad6b7169203331";
        HttpResponse<String> response = get(fluxtap.api("/api/v1/logs?limit=1"),
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01");
        assertEquals(200, response.statusCode());
        String served = response.headers().firstValue("traceresponse").orElseThrow().split("-")[2];

        JsonNode spans = await(STORED, () -> json(get(fluxtap.api("/api/v1/traces/" + traceId))).path("spans"),
                found -> found.size() >= 1);
        JsonNode server = null;
        for (JsonNode span : spans) {
            if (span.get("span_id").asText().equals(served)) {
                server = span;
            }
        }
        assertTrue(server != null, "the span of the traceresponse in " + spans);
        assertEquals("fluxtap", server.get("entity_name").asText());
        assertEquals(callerSpan, server.get("parent_span_id").asText());
        assertEquals("server", server.get("kind").asText());
        assertTrue(server.get("name").asText().startsWith("GET"), server.get("name").asText());
        assertEquals("test", server.get("resource").get("deployment.environment").asText(), server.toString());
    }

    @Test
    void fluxtapsOwnLogRecordsAreStoredAsLogsOfServiceFluxtap() {
        JsonNode logs = await(STORED, () -> json(get(fluxtap.api(
                        "/api/v1/logs?limit=20&entity_name=fluxtap&contains=" + TestHttp.q("own traces and logs"))))
                .get("logs"), found -> found.size() >= 1);
        JsonNode record = logs.get(0);
        assertTrue(record.get("body").asText().contains("go to Fluxtap itself as service fluxtap"), record.toString());
        assertEquals("info", record.get("level").asText(), record.toString());
        assertEquals("io.fluxtap.dist.observability.SelfTelemetry", record.get("scope_name").asText(), record.toString());
        // Self-telemetry takes lane P2 (shed first) although it is INFO, which a sender's record would take to P1;
        // nothing else sends logs to this server.
        String metrics = get(fluxtap.api("/metrics?scope=application")).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("fluxtap_ingest_records_total{")
                && l.contains("lane=\"P2\"") && l.contains("signal=\"logs\"") && !l.endsWith(" 0.0")), metrics);
        assertTrue(metrics.lines().noneMatch(l -> l.startsWith("fluxtap_ingest_records_total{")
                && l.contains("lane=\"P1\"") && l.contains("signal=\"logs\"") && !l.endsWith(" 0.0")), metrics);
    }

    /** What the API finds, a person finds on the pages: the request's trace and Fluxtap's own logs, in Chromium. */
    @Test
    void fluxtapsOwnTelemetryShowsOnItsTracesAndLogsPages() throws Exception {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        assertEquals(200, get(fluxtap.api("/api/v1/logs?limit=1"),
                "traceparent", "00-" + traceId + "-b7ad6b7169203331-01").statusCode());
        await(STORED, () -> json(get(fluxtap.api("/api/v1/traces/" + traceId))).path("spans"), s -> s.size() >= 1);

        try (BrowserSession browser = HeadlessChromium.locate().open(1400, 900)) {
            browser.navigate(fluxtap.dashboard("/traces/" + traceId));
            String span = browser.await("document.querySelector('#waterfall .span-name')"
                    + " && document.querySelector('#waterfall .span-name').textContent", STORED).asString();
            assertTrue(span.contains("fluxtap") && span.contains("GET"), span);

            browser.navigate(fluxtap.dashboard("/logs?range=1h&refresh=off&service=fluxtap"));
            browser.await("document.body.innerText.includes('go to Fluxtap itself as service fluxtap')", STORED);
            assertEquals(java.util.List.of(), browser.exceptions());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"warehouse export", "retention sweep", "rule group self-traced", "notify webhook"})
    void backgroundWorkIsTracedToo(String work) {
        JsonNode rows = await(STORED, () -> json(TestHttp.post(fluxtap.api("/api/v1/sql"), "text/plain",
                ("SELECT name, kind, parent_span_id IS NULL AS root FROM spans WHERE entity_name = 'fluxtap'"
                        + " AND name = '" + work + "' LIMIT 1").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .path("rows"), r -> r.size() == 1);
        assertEquals(work, rows.get(0).get(0).asText());
        assertEquals("internal", rows.get(0).get(1).asText());
        assertTrue(rows.get(0).get(2).asBoolean(), "a trace of its own: " + rows);
    }
}
