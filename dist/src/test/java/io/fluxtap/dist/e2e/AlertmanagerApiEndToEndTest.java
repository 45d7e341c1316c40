package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fluxtap as an Alertmanager for the real clients: Debian's {@code amtool} 0.25 manages silences and queries alerts
 * with {@code --alertmanager.url=http://127.0.0.1:<port>/alertmanager}, and a real Prometheus (Debian's
 * {@code prometheus}) with {@code alerting: alertmanagers: [{path_prefix: /alertmanager}]} delivers its alerts to
 * the API v2, and the dispatcher delivers them to a webhook capture server on loopback. Also the API's answers to bad input (400 with Alertmanager's text, 404 for an unknown silence).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AlertmanagerApiEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 1s
              routes:
                - matchers: ['severity="critical"']
                  receiver: pager
            receivers:
              - name: team
              - name: pager
                webhook_configs:
                  - url: http://127.0.0.1:%d/hook
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: ['service']
            """;

    private static WebhookCapture webhook;

    @ArquillianResource
    RunningFluxtap fluxtap;

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so these reach only this server.
        Path conf = Files.createTempDirectory("fluxtap-am-");
        // A webhook capture server on loopback, there before the server reads its configuration.
        webhook = WebhookCapture.start();
        Files.writeString(conf.resolve("alertmanager.yml"), CONFIG.formatted(webhook.url("/").getPort()));
        System.setProperty("fluxtap.alertmanager.config-file", conf.resolve("alertmanager.yml").toString());
        System.setProperty("fluxtap.alerting.rule-files", conf.resolve("rules/*.yml").toString());
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-alertmanager-api.jar");
    }

    @Test
    void amtoolAddsQueriesAndExpiresSilencesAndQueriesAlerts() throws Exception {
        // A service of its own: the other tests' critical checkout alerts would inhibit a checkout warning.
        postAlerts("""
                [{"labels": {"alertname": "AmtoolTest", "service": "amtool", "severity": "warning"},
                  "annotations": {"summary": "for amtool"}}]""");

        Amtool.Command listed = amtool("alert", "query", "alertname=AmtoolTest");
        assertEquals(0, listed.exit(), listed.output());
        assertTrue(listed.output().contains("AmtoolTest"), listed.output());

        Amtool.Command added = amtool("silence", "add", "alertname=AmtoolTest", "--comment=maintenance",
                "--author=tester", "--duration=1h");
        assertEquals(0, added.exit(), added.output());
        String id = added.output().strip();
        assertTrue(id.matches("[0-9a-f-]{36}"), "amtool prints the new silence's id: " + added.output());

        Amtool.Command query = amtool("silence", "query", "-q");
        assertEquals(id, query.output().strip(), query.output());
        Amtool.Command byMatcher = amtool("silence", "query", "alertname=AmtoolTest");
        assertTrue(byMatcher.output().contains(id) && byMatcher.output().contains("maintenance")
                && byMatcher.output().contains("tester"), byMatcher.output());
        assertEquals("", amtool("silence", "query", "-q", "alertname=Other").output().strip());

        // amtool hides silenced alerts unless asked for them; the API says which silence mutes it.
        Amtool.Command hidden = amtool("alert", "query", "alertname=AmtoolTest");
        assertFalse(hidden.output().contains("AmtoolTest"), hidden.output());
        assertTrue(amtool("alert", "query", "--silenced", "alertname=AmtoolTest").output().contains("AmtoolTest"));
        JsonNode alert = alerts("filter=alertname%3DAmtoolTest").get(0);
        assertEquals("suppressed", alert.path("status").path("state").asText(), alert.toString());
        assertEquals(id, alert.path("status").path("silencedBy").get(0).asText(), alert.toString());

        Amtool.Command expired = amtool("silence", "expire", id);
        assertEquals(0, expired.exit(), expired.output());
        assertEquals("", amtool("silence", "query", "-q").output().strip());
        assertEquals(id, amtool("silence", "query", "-q", "--expired").output().strip());
        assertTrue(amtool("alert", "query", "alertname=AmtoolTest").output().contains("AmtoolTest"));
        assertEquals("expired", json(get(fluxtap.api("/alertmanager/api/v2/silence/" + id)))
                .path("status").path("state").asText());

        Amtool.Command config = amtool("config", "show");
        assertEquals(0, config.exit(), config.output());
        assertTrue(config.output().contains("receiver: team"), config.output());
    }

    @Test
    void prometheusDeliversItsAlertsToTheApiV2() throws Exception {
        Path rules = workDir.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: from-prometheus
                    rules:
                      - alert: PrometheusSaysHello
                        expr: vector(1)
                        labels:
                          severity: critical
                          service: checkout
                        annotations:
                          summary: sent by a real Prometheus
                """);
        // The README's alerting block, as pasted, pointed at this server.
        Matcher readme = Pattern.compile("<!-- example: prometheus-alerting -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../README.md")));
        assertTrue(readme.find(), "README.md has the prometheus-alerting example");
        String config = """
                global:
                  evaluation_interval: 1s
                rule_files: ['%s']
                """.formatted(rules) + readme.group(1).replace("localhost:8080", "127.0.0.1:" + fluxtap.api("/").getPort());
        // The first evaluation runs before the Alertmanager is discovered and its alert is dropped; the default
        // resend delay (1m) would send it again only a minute later.
        try (PrometheusProcess prometheus = PrometheusProcess.start(workDir, config, "--rules.alert.resend-delay=1s")) {
            JsonNode found = TestHttp.await(WAIT, () -> {
                assertTrue(prometheus.isAlive(), prometheus::log);
                return alerts("filter=alertname%3DPrometheusSaysHello");
            }, list -> list.size() == 1);
            JsonNode alert = found.get(0);
            assertEquals("pager", alert.path("receivers").get(0).path("name").asText(), alert.toString());
            assertEquals("sent by a real Prometheus", alert.path("annotations").path("summary").asText());
            assertTrue(alert.path("generatorURL").asText().contains("/graph?g0.expr="), alert.toString());
            assertTrue(alert.path("fingerprint").asText().matches("[0-9a-f]{16}"), alert.toString());
            assertEquals("active", alert.path("status").path("state").asText(), alert.toString());
            // Prometheus re-posts with an end a few evaluation intervals ahead: the alert stays firing.
            assertTrue(Instant.parse(alert.path("endsAt").asText()).isAfter(Instant.now()), alert.toString());

            // A critical alert of the same service inhibits a warning one.
            postAlerts("""
                    [{"labels": {"alertname": "Minor", "service": "checkout", "severity": "warning"}}]""");
            JsonNode minor = alerts("filter=alertname%3DMinor").get(0);
            assertEquals("suppressed", minor.path("status").path("state").asText(), minor.toString());
            assertEquals(alert.path("fingerprint").asText(), minor.path("status").path("inhibitedBy").get(0).asText());
            assertEquals(0, alerts("filter=alertname%3DMinor&inhibited=false").size());

            JsonNode groups = TestHttp.await(WAIT, () -> json(get(fluxtap.api(
                    "/alertmanager/api/v2/alerts/groups?filter=alertname%3DPrometheusSaysHello"))), g -> g.size() == 1);
            assertEquals("pager", groups.get(0).path("receiver").path("name").asText(), groups.toString());
            assertEquals("PrometheusSaysHello", groups.get(0).path("labels").path("alertname").asText());

            // The pager receiver's webhook gets Alertmanager's version-4 payload after group_wait.
            JsonNode hook = TestHttp.await(WAIT, () -> webhook.deliveries("/hook").stream().map(WebhookCapture.Delivery::body)
                    .filter(n -> "PrometheusSaysHello".equals(n.path("groupLabels").path("alertname").asText()))
                    .findFirst().orElse(null), java.util.Objects::nonNull);
            assertEquals("pager", hook.path("receiver").asText(), hook.toString());
            assertEquals("firing", hook.path("status").asText(), hook.toString());
            assertEquals("4", hook.path("version").asText(), hook.toString());
            assertEquals("sent by a real Prometheus",
                    hook.path("alerts").get(0).path("annotations").path("summary").asText(), hook.toString());
            String metrics = TestHttp.await(WAIT, () -> get(fluxtap.api("/metrics")).body(),
                    m -> m.contains("fluxtap_notification_latency_seconds"));
            assertTrue(metrics.matches("(?s).*fluxtap_notifications_total\\{[^}]*integration=\"webhook\"[^}]*} [1-9].*"),
                    metrics);
        }
    }

    @Test
    void badInputIsRefusedWithAlertmanagersWords() throws Exception {
        HttpResponse<String> noLabels = postAlerts("[{\"annotations\": {\"a\": \"b\"}}]");
        assertEquals(400, noLabels.statusCode());
        assertEquals("\"0.labels in body is required\"", noLabels.body());

        HttpResponse<String> backwards = postAlerts("""
                [{"labels": {"alertname": "Backwards"}, "startsAt": "2026-01-02T00:00:00Z",
                  "endsAt": "2026-01-01T00:00:00Z"}]""");
        assertEquals(400, backwards.statusCode());
        assertEquals("\"start time must be before end time\"", backwards.body());

        HttpResponse<String> badName = postAlerts("[{\"labels\": {\"bad-name\": \"x\"}}]");
        assertEquals(400, badName.statusCode());
        assertEquals("\"invalid label set: invalid name \\\"bad-name\\\"\"", badName.body());

        HttpResponse<String> badFilter = get(fluxtap.api("/alertmanager/api/v2/alerts?filter=%3D%3Dx"));
        assertEquals(400, badFilter.statusCode(), badFilter.body());

        HttpResponse<String> pastSilence = post(fluxtap.api("/alertmanager/api/v2/silences"), "application/json", """
                {"matchers": [{"name": "a", "value": "b", "isRegex": false}], "startsAt": "2020-01-01T00:00:00Z",
                 "endsAt": "2020-01-02T00:00:00Z", "createdBy": "t", "comment": "c"}""".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, pastSilence.statusCode());
        assertTrue(pastSilence.body().contains("end time can't be in the past"), pastSilence.body());

        assertEquals(404, get(fluxtap.api("/alertmanager/api/v2/silence/00000000-0000-0000-0000-000000000000"))
                .statusCode());
        HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(
                        fluxtap.api("/alertmanager/api/v2/silence/00000000-0000-0000-0000-000000000000")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, deleted.statusCode());

        // Nothing else changed: the server still answers, with no alert from the refused requests.
        assertEquals(0, alerts("filter=alertname%3DBackwards").size());
        JsonNode status = json(get(fluxtap.api("/alertmanager/api/v2/status")));
        assertEquals("disabled", status.path("cluster").path("status").asText(), status.toString());
        assertTrue(status.path("config").path("original").asText().contains("receiver: pager"), status.toString());
        JsonNode receivers = json(get(fluxtap.api("/alertmanager/api/v2/receivers")));
        assertEquals("[{\"name\":\"team\"},{\"name\":\"pager\"}]", receivers.toString());
    }

    @AfterAll
    static void stopWebhook() {
        if (webhook != null) {
            webhook.close();
        }
    }

    private HttpResponse<String> postAlerts(String body) {
        return post(fluxtap.api("/alertmanager/api/v2/alerts"), "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode alerts(String query) {
        HttpResponse<String> response = get(fluxtap.api("/alertmanager/api/v2/alerts?" + query));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private Amtool.Command amtool(String... args) {
        return new Amtool(fluxtap.api("/")).run(args);
    }
}
