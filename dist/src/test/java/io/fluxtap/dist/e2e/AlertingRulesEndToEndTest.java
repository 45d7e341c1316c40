package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fluxtap's own rules in the running server: a PromQL alerting rule over a metric sent by OTLP fires, shows in
 * Prometheus' rules and alerts API, writes {@code ALERTS} (queryable by PromQL) and reaches the dispatcher (the API
 * v2 lists it with its receiver); a recording rule's series is queryable. Then {@code POST /-/reload} with a bad
 * rule file and a bad Alertmanager configuration: the old ones keep running, health is degraded with the error,
 * the reload gauges drop to 0, and a good reload brings everything back.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingRulesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RULES = """
            groups:
              - name: checkout
                interval: 1s
                rules:
                  - alert: QueueTooDeep
                    expr: queue_depth > 5
                    labels:
                      severity: page
                    annotations:
                      summary: 'queue at {{ $value }} for {{ $labels.job }}'
                      description: 'in {{ $externalLabels.cluster }}'
                  - record: job:queue_depth:max
                    expr: max by (job) (queue_depth)
            """;
    private static final String CONFIG = """
            route:
              receiver: oncall
              group_wait: 1s
            receivers:
              - name: oncall
            """;
    private static Path conf;

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so these reach only this server.
        conf = Files.createTempDirectory("fluxtap-rules-");
        Files.createDirectories(conf.resolve("rules"));
        Files.writeString(conf.resolve("rules/checkout.yml"), RULES);
        Files.writeString(conf.resolve("alertmanager.yml"), CONFIG);
        System.setProperty("fluxtap.alertmanager.config-file", conf.resolve("alertmanager.yml").toString());
        System.setProperty("fluxtap.alerting.rule-files", conf.resolve("rules/*.yml").toString());
        System.setProperty("fluxtap.alerting.external-labels", "cluster=eu-1,severity=ignored");
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-alerting-rules.jar");
    }

    @Test
    @Order(1)
    void aRuleOverOtlpMetricsFiresAndIsSeenEverywhere() {
        HttpResponse<String> sent = post(URI.create(fluxtap.otlpHttpBase() + "/v1/metrics"), "application/json", """
                {"resourceMetrics": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "queue_depth",
                    "gauge": {"dataPoints": [{"asDouble": 7, "timeUnixNano": "%d"}]}}]}]}]}
                """.formatted(nanos(Instant.now())).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, sent.statusCode(), sent.body());

        JsonNode rule = TestHttp.await(WAIT, () -> json(get(fluxtap.api("/prometheus/api/v1/rules")))
                        .path("data").path("groups").path(0).path("rules").path(0),
                r -> "firing".equals(r.path("state").asText()));
        assertEquals("QueueTooDeep", rule.path("name").asText());
        assertEquals("queue_depth > 5", rule.path("query").asText());
        assertEquals("ok", rule.path("health").asText(), rule.toString());
        assertEquals("alerting", rule.path("type").asText());
        assertEquals("7e+00", rule.path("alerts").path(0).path("value").asText(), rule.toString());
        assertEquals("checkout", rule.path("alerts").path(0).path("labels").path("job").asText(), rule.toString());

        JsonNode recording = json(get(fluxtap.api("/prometheus/api/v1/rules?type=record"))).path("data").path("groups");
        assertEquals(1, recording.size(), recording.toString());
        assertEquals(1, recording.get(0).path("rules").size(), recording.toString());
        assertEquals("recording", recording.get(0).path("rules").get(0).path("type").asText());
        assertEquals(0, json(get(fluxtap.api("/prometheus/api/v1/rules?rule_name[]=Nothing")))
                .path("data").path("groups").size());
        assertEquals(400, get(fluxtap.api("/prometheus/api/v1/rules?type=bogus")).statusCode());

        JsonNode alerts = json(get(fluxtap.api("/prometheus/api/v1/alerts")));
        assertEquals("success", alerts.path("status").asText());
        assertEquals("firing", alerts.path("data").path("alerts").path(0).path("state").asText(), alerts.toString());

        JsonNode series = TestHttp.await(WAIT, () -> json(get(fluxtap.api("/prometheus/api/v1/query?query="
                + q("ALERTS{alertname=\"QueueTooDeep\"}")))).path("data").path("result"), r -> r.size() == 1);
        assertEquals("firing", series.get(0).path("metric").path("alertstate").asText(), series.toString());
        assertEquals("page", series.get(0).path("metric").path("severity").asText(), series.toString());
        JsonNode recorded = TestHttp.await(WAIT, () -> json(get(fluxtap.api("/prometheus/api/v1/query?query="
                + q("job:queue_depth:max")))).path("data").path("result"), r -> r.size() == 1);
        assertEquals("7", recorded.get(0).path("value").get(1).asText(), recorded.toString());

        JsonNode dispatched = TestHttp.await(WAIT, () -> json(get(fluxtap.api(
                "/alertmanager/api/v2/alerts?filter=alertname%3DQueueTooDeep"))), a -> a.size() == 1).get(0);
        assertEquals("oncall", dispatched.path("receivers").get(0).path("name").asText(), dispatched.toString());
        // Expanded by the Go-template engine, as Prometheus does.
        assertEquals("queue at 7 for checkout", dispatched.path("annotations").path("summary").asText());
        assertEquals("in eu-1", dispatched.path("annotations").path("description").asText());
        // External labels join the alerts sent to the dispatcher where the alert has none of that name, as
        // Prometheus' notifier adds them; the rule's own series and its API keep the rule's labels only.
        assertEquals("eu-1", dispatched.path("labels").path("cluster").asText(), dispatched.toString());
        assertEquals("page", dispatched.path("labels").path("severity").asText(), dispatched.toString());
        assertTrue(series.get(0).path("metric").path("cluster").isMissingNode(), series.toString());
        assertTrue(rule.path("alerts").path(0).path("labels").path("cluster").isMissingNode(), rule.toString());
        assertTrue(gauge("fluxtap_alertmanager_alerts_received_total") > 0);
    }

    @Test
    @Order(2)
    void aBadReloadKeepsWhatRunsAndIsReported() throws IOException {
        assertEquals("healthy", alertingHealth().path("status").asText(), alertingHealth().toString());
        assertEquals(1.0, gauge("fluxtap_rules_config_last_reload_successful"));
        assertEquals(1.0, gauge("fluxtap_alertmanager_config_last_reload_successful"));

        Files.writeString(conf.resolve("rules/broken.yml"), """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(
                """);
        Files.writeString(conf.resolve("alertmanager.yml"), "route:\n  receiver: nobody\n");
        HttpResponse<String> refused = post(fluxtap.api("/-/reload"), null, new byte[0]);
        assertEquals(500, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("broken.yml"), refused.body());
        assertTrue(refused.body().contains("undefined receiver \"nobody\" used in route"), refused.body());

        JsonNode health = alertingHealth();
        assertEquals("degraded", health.path("status").asText(), health.toString());
        assertTrue(health.path("message").asText().contains("broken.yml"), health.toString());
        assertEquals(0.0, gauge("fluxtap_rules_config_last_reload_successful"));
        assertEquals(0.0, gauge("fluxtap_alertmanager_config_last_reload_successful"));
        // The old rules and the old configuration keep running.
        assertEquals("QueueTooDeep", json(get(fluxtap.api("/prometheus/api/v1/rules")))
                .path("data").path("groups").path(0).path("rules").path(0).path("name").asText());
        assertEquals("[{\"name\":\"oncall\"}]", json(get(fluxtap.api("/alertmanager/api/v2/receivers"))).toString());

        Files.delete(conf.resolve("rules/broken.yml"));
        Files.writeString(conf.resolve("alertmanager.yml"), CONFIG.replace("oncall", "oncall-2"));
        HttpResponse<String> reloaded = post(fluxtap.api("/-/reload"), null, new byte[0]);
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        assertEquals("healthy", alertingHealth().path("status").asText(), alertingHealth().toString());
        assertEquals(1.0, gauge("fluxtap_rules_config_last_reload_successful"));
        assertEquals(1.0, gauge("fluxtap_alertmanager_config_last_reload_successful"));
        assertEquals("[{\"name\":\"oncall-2\"}]", json(get(fluxtap.api("/alertmanager/api/v2/receivers"))).toString());
        // The alert store survives the reload, and the new route tree routes it.
        JsonNode alert = TestHttp.await(WAIT, () -> json(get(fluxtap.api(
                "/alertmanager/api/v2/alerts?filter=alertname%3DQueueTooDeep"))), a -> a.size() == 1).get(0);
        assertEquals("oncall-2", alert.path("receivers").get(0).path("name").asText(), alert.toString());
    }

    private JsonNode alertingHealth() {
        return json(get(fluxtap.api("/api/v1/monitoring/health"))).path("services").path("alerting");
    }

    private double gauge(String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)")
                .matcher(get(fluxtap.api("/metrics")).body());
        assertTrue(m.find(), name + " in /metrics");
        return Double.parseDouble(m.group(1));
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
