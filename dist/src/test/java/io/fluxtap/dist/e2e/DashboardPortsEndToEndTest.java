package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.api.SeriesCatalog;
import io.fluxtap.api.alerts.AlertControl;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.alerts.RuleEntry;
import io.fluxtap.api.alerts.SilenceEntry;
import io.fluxtap.api.alerts.SilenceMatcher;
import io.fluxtap.api.alerts.SilenceRequest;
import io.fluxtap.api.alerts.SilenceRequestException;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ports the dashboard's Alerts and Metrics pages read, as the server's CDI container provides them (the real
 * alerting adapter over the dispatcher's alert store, silences and rules; storage's series catalogue over DuckDB):
 * what the pages show agrees with the Alertmanager and Prometheus APIs, and a silence made through the port mutes
 * the alert the API v2 lists. The browser tests drive the pages over in-memory ports; this one checks the real ones.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardPortsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so these reach only this server.
        Path conf = Files.createTempDirectory("fluxtap-ports-");
        Files.createDirectories(conf.resolve("rules"));
        Files.writeString(conf.resolve("rules/always.yml"), """
                groups:
                  - name: ports
                    interval: 1s
                    rules:
                      - alert: AlwaysOn
                        expr: vector(1) > 0
                        labels: {severity: info}
                """);
        Files.writeString(conf.resolve("alertmanager.yml"), """
                route: {receiver: oncall, group_wait: 1s}
                receivers: [{name: oncall}]
                """);
        System.setProperty("fluxtap.alertmanager.config-file", conf.resolve("alertmanager.yml").toString());
        System.setProperty("fluxtap.alerting.rule-files", conf.resolve("rules/*.yml").toString());
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-dashboard-ports.jar");
    }

    @Test
    void theAlertsPortShowsWhatTheApisShowAndItsSilenceMutesTheAlert() {
        AlertControl control = CDI.current().select(AlertControl.class).get();
        HttpResponse<String> posted = post(fluxtap.api("/alertmanager/api/v2/alerts"), "application/json", """
                [{"labels": {"alertname": "DiskFull", "instance": "db-1", "severity": "page"},
                  "annotations": {"summary": "disk at 97%"}}]""".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, posted.statusCode(), posted.body());

        AlertEntry disk = TestHttp.await(WAIT, () -> control.alerts().stream()
                .filter(a -> a.name().equals("DiskFull")).findFirst().orElse(null), a -> a != null);
        assertEquals(Map.of("alertname", "DiskFull", "instance", "db-1", "severity", "page"), disk.labels());
        assertEquals("disk at 97%", disk.annotations().get("summary"));
        assertEquals("firing", disk.state());
        assertEquals(null, disk.value(), "posted by another Prometheus: no rule value");
        JsonNode listed = json(get(fluxtap.api("/alertmanager/api/v2/alerts?filter=alertname%3DDiskFull"))).get(0);
        assertEquals(listed.path("fingerprint").asText(), disk.fingerprint());

        // The rule's alert, with its value and its group, as Prometheus' rules API has them.
        AlertEntry always = TestHttp.await(WAIT, () -> control.alerts().stream()
                .filter(a -> a.name().equals("AlwaysOn")).findFirst().orElse(null), a -> a != null);
        assertEquals(1.0, always.value());
        RuleEntry rule = TestHttp.await(WAIT, () -> control.ruleGroups().stream()
                        .filter(g -> g.name().equals("ports")).flatMap(g -> g.rules().stream()).findFirst().orElse(null),
                r -> r != null && r.lastEvaluation() != null);
        assertEquals("AlwaysOn", rule.name());
        assertEquals("vector(1) > 0", rule.query());
        assertEquals("firing", rule.state());
        assertEquals("ok", rule.health());
        assertEquals(1, rule.activeAlerts());
        assertEquals(List.of("oncall"), control.receivers());

        String id = control.createSilence(SilenceRequest.of(SilenceMatcher.equalTo(disk.labels()), Instant.now(),
                Instant.now().plus(Duration.ofHours(1)), "ops", "replacing the disk"));
        AlertEntry muted = TestHttp.await(WAIT, () -> control.alerts().stream()
                .filter(a -> a.name().equals("DiskFull")).findFirst().orElseThrow(), a -> a.silencedBy().contains(id));
        assertEquals(List.of(id), muted.silencedBy());
        JsonNode status = TestHttp.await(WAIT, () -> json(get(fluxtap.api(
                "/alertmanager/api/v2/alerts?filter=alertname%3DDiskFull"))).get(0).path("status"),
                s -> "suppressed".equals(s.path("state").asText()));
        assertEquals(id, status.path("silencedBy").get(0).asText(), status.toString());
        SilenceEntry silence = control.silences().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        assertEquals("active", silence.state());
        assertEquals("replacing the disk", silence.comment());

        assertThrows(SilenceRequestException.class, () -> control.createSilence(SilenceRequest.of(
                List.of(new SilenceMatcher("instance", "=~", "(")), Instant.now(), Instant.now().plusSeconds(60),
                "ops", "bad regex")));

        control.expireSilence(id);
        assertEquals("expired", json(get(fluxtap.api("/alertmanager/api/v2/silence/" + id))).path("status")
                .path("state").asText());
        TestHttp.await(WAIT, () -> control.alerts().stream().filter(a -> a.name().equals("DiskFull")).findFirst()
                .orElseThrow(), a -> a.silencedBy().isEmpty());
    }

    @Test
    void theSeriesCatalogListsStoredMetricsTheirLabelsAndValues() {
        HttpResponse<String> sent = post(URI.create(fluxtap.otlpHttpBase() + "/v1/metrics"), "application/json", """
                {"resourceMetrics": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "queue_depth", "gauge": {"dataPoints": [
                    {"asDouble": 3, "timeUnixNano": "%1$d",
                     "attributes": [{"key": "queue", "value": {"stringValue": "orders"}}]},
                    {"asDouble": 4, "timeUnixNano": "%1$d",
                     "attributes": [{"key": "queue", "value": {"stringValue": "refunds"}}]}]}}]}]}]}
                """.formatted(Instant.now().toEpochMilli() * 1_000_000L).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, sent.statusCode(), sent.body());
        SeriesCatalog catalog = CDI.current().select(SeriesCatalog.class).get();
        TestHttp.await(WAIT, catalog::metricNames, names -> names.contains("queue_depth"));
        assertTrue(catalog.labelNames("queue_depth").contains("queue"), catalog.labelNames("queue_depth").toString());
        assertEquals(List.of("orders", "refunds"), catalog.labelValues("queue_depth", "queue"));
        assertEquals(json(get(fluxtap.api("/prometheus/api/v1/label/queue/values?match%5B%5D=queue_depth")))
                .path("data").toString(), "[\"orders\",\"refunds\"]");
    }
}
