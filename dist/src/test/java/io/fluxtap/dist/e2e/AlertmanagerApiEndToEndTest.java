package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
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
                - matchers: ['service="failing"']
                  receiver: failing
                - matchers: ['severity="critical"']
                  receiver: pager
            receivers:
              - name: team
              - name: pager
                webhook_configs:
                  - url: http://127.0.0.1:%1$d/hook
              - name: failing
                webhook_configs:
                  - url: http://127.0.0.1:%2$d/500
                  - url: http://127.0.0.1:%2$d/400
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: ['service']
            """;

    private static WebhookCapture webhook;
    /** A webhook stand-in that fails: {@code /500} with a 500 (retried), {@code /400} with a 400 (final). */
    private static HttpServer failing;
    private static final Map<String, AtomicInteger> FAILED_REQUESTS = new ConcurrentHashMap<>();

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
        failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                FAILED_REQUESTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(path.equals("/400") ? 400 : 500, -1);
            }
        });
        failing.start();
        Files.writeString(conf.resolve("alertmanager.yml"), CONFIG.formatted(webhook.url("/").getPort(),
                failing.getAddress().getPort()));
        System.setProperty("fluxtap.alertmanager.config-file", conf.resolve("alertmanager.yml").toString());
        System.setProperty("fluxtap.alerting.rule-files", conf.resolve("rules/*.yml").toString());
        // A rule of Fluxtap's own, beside the real Prometheus' rule below: both rules APIs answer about a firing
        // alert, so their JSON can be compared field by field. Its service routes it to "team", which notifies no one.
        Files.createDirectories(conf.resolve("rules"));
        Files.writeString(conf.resolve("rules/shapes.yml"), """
                groups:
                  - name: shapes
                    interval: 1s
                    rules:
                      - alert: FluxtapSaysHello
                        expr: vector(1)
                        labels:
                          service: shapes
                        annotations:
                          summary: evaluated by Fluxtap
                """);
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
            // Prometheus 2.42's rules and alerts API beside Fluxtap's, each about one firing alert: the same fields
            // with the same JSON types (times as RFC 3339 text, durations and evaluation times as numbers).
            URI prometheusRules = URI.create("http://127.0.0.1:" + prometheus.port() + "/api/v1/rules");
            JsonNode theirs = TestHttp.await(WAIT, () -> json(get(prometheusRules)).path("data").path("groups").path(0),
                    g -> "firing".equals(g.path("rules").path(0).path("state").asText()));
            JsonNode ours = TestHttp.await(WAIT, () -> json(get(fluxtap.api(
                    "/prometheus/api/v1/rules?rule_group[]=shapes"))).path("data").path("groups").path(0),
                    g -> "firing".equals(g.path("rules").path(0).path("state").asText()));
            assertEquals(shape(theirs, ""), shape(ours, ""), "Prometheus: " + theirs + "\nFluxtap: " + ours);
            JsonNode theirAlerts = json(get(URI.create("http://127.0.0.1:" + prometheus.port() + "/api/v1/alerts")));
            JsonNode ourAlerts = json(get(fluxtap.api("/prometheus/api/v1/alerts")));
            assertEquals(shape(theirAlerts, ""), shape(ourAlerts, ""), "Prometheus: " + theirAlerts
                    + "\nFluxtap: " + ourAlerts);

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
        assertEquals("[{\"name\":\"team\"},{\"name\":\"pager\"},{\"name\":\"failing\"}]",
                receivers.toString());
    }

    @Test
    void alertsAreFilteredByTheirReceiversAsAlertmanagerDoes() {
        // Info, not warning: the critical one must not inhibit it.
        assertEquals(200, postAlerts("""
                [{"labels": {"alertname": "ByReceiver", "service": "filters", "severity": "critical"}},
                 {"labels": {"alertname": "ByReceiver", "service": "filters", "severity": "info"}}]""").statusCode());
        String mine = "filter=alertname%3DByReceiver";
        assertEquals(List.of("critical", "info"), severities(alerts(mine)));
        assertEquals(List.of("critical"), severities(alerts(mine + "&receiver=pager")));
        assertEquals(List.of("info"), severities(alerts(mine + "&receiver=team")));
        // A regular expression, anchored at both ends as Alertmanager anchors it ("^(?:" + receiver + ")$").
        assertEquals(List.of("critical"), severities(alerts(mine + "&receiver=pa.*")));
        assertEquals(List.of("critical", "info"), severities(alerts(mine + "&receiver=" + q("team|pager"))));
        assertEquals(List.of(), severities(alerts(mine + "&receiver=page")));
        assertEquals(List.of(), severities(alerts(mine + "&receiver=eam")));
        assertEquals(List.of(), severities(alerts(mine + "&receiver=nobody")));
        HttpResponse<String> badRegex = get(fluxtap.api("/alertmanager/api/v2/alerts?receiver=" + q("(")));
        assertEquals(400, badRegex.statusCode(), badRegex.body());
        // The groups endpoint takes the same filter: the critical alert's group is the pager's only.
        JsonNode groups = TestHttp.await(WAIT, () -> json(get(fluxtap.api("/alertmanager/api/v2/alerts/groups?"
                + mine + "&receiver=pager"))), g -> g.size() == 1);
        assertEquals("pager", groups.get(0).path("receiver").path("name").asText(), groups.toString());
        assertEquals(List.of("critical"), severities(groups.get(0).path("alerts")));

        // unprocessed: GET computes every alert's silences and inhibitions first (Alertmanager's setAlertStatus),
        // so none is left unprocessed and unprocessed=false hides nothing; a non-boolean is Alertmanager's 400.
        assertEquals(List.of("critical", "info"), severities(alerts(mine + "&unprocessed=false")));
        HttpResponse<String> badBool = get(fluxtap.api("/alertmanager/api/v2/alerts?unprocessed=maybe"));
        assertEquals(400, badBool.statusCode(), badBool.body());
        assertTrue(badBool.body().contains("unprocessed in query must be of type boolean"), badBool.body());
    }

    @Test
    void aFailedDeliveryIsCountedWithItsIntegrationReceiverAndReason() {
        assertEquals(200, postAlerts("""
                [{"labels": {"alertname": "DeliveryFails", "service": "failing"}}]""").statusCode());
        // A 400 is final at once; a 500 is retried with backoff until the notification's deadline (10 s at least).
        String metrics = TestHttp.await(WAIT, () -> get(fluxtap.api("/metrics")).body(),
                m -> failedCount(m, "unrecoverable") >= 1 && failedCount(m, "deadline") >= 1);
        assertTrue(FAILED_REQUESTS.get("/500").get() >= 2, "the 500 was retried: " + FAILED_REQUESTS);
        assertTrue(FAILED_REQUESTS.get("/400").get() >= 1, FAILED_REQUESTS.toString());
        // The receiver's attempts count under fluxtap_notifications_total too, failed ones included, as Alertmanager.
        assertTrue(metrics.matches("(?s).*\nfluxtap_notifications_total\\{[^}]*receiver=\"failing\"[^}]*} [1-9].*"),
                metrics);
    }

    /**
     * A JSON answer's shape: objects as their field names (sorted) with each field's shape, arrays as their first
     * element's, RFC 3339 texts as "time", other values as their JSON type; label and annotation maps (whose names
     * are the rules' own) as "labels".
     */
    private static Object shape(JsonNode node, String field) {
        if (field.equals("labels") || field.equals("annotations")) {
            return node.isObject() ? "labels" : node.getNodeType().toString();
        }
        if (node.isObject()) {
            Map<String, Object> out = new java.util.TreeMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), shape(e.getValue(), e.getKey())));
            return out;
        }
        if (node.isArray()) {
            return node.isEmpty() ? List.of() : List.of(shape(node.get(0), field));
        }
        if (node.isTextual() && node.asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z")) {
            return "time";
        }
        return node.getNodeType().toString();
    }

    /** The value of {@code fluxtap_notifications_failed_total} for the failing webhook receiver and that reason. */
    private static double failedCount(String metrics, String reason) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("fluxtap_notifications_failed_total{") && line.contains("integration=\"webhook\"")
                    && line.contains("receiver=\"failing\"") && line.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static List<String> severities(JsonNode alerts) {
        List<String> out = new ArrayList<>();
        alerts.forEach(a -> out.add(a.path("labels").path("severity").asText()));
        out.sort(null);
        return out;
    }

    @AfterAll
    static void stopWebhook() {
        if (webhook != null) {
            webhook.close();
        }
        if (failing != null) {
            failing.stop(0);
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
