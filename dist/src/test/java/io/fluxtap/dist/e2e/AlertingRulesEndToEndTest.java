package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    /** Rules over the logs: an SQL recording rule, and two write statements the SQL sandbox must refuse. */
    private static final String LOG_RULES = """
            groups:
              - name: logs
                interval: 1s
                rules:
                  - record: service:error_logs:count
                    sql: >-
                      SELECT entity_name AS service, level, count(*) AS value, any_value(body) AS sample_body
                      FROM logs WHERE level = 'error' GROUP BY ALL
                    labels:
                      source: sql
                  - record: deleted:logs
                    sql: DELETE FROM logs
                  - alert: CreatedTable
                    sql: CREATE TABLE rule_made AS SELECT 'x' AS service, 1 AS value
            """;
    private static final String OUR_LOGS =
            "SELECT count(*) AS n FROM logs WHERE entity_name IN ('checkout', 'billing')";
    private static final String REFUSED = "only one read-only statement is allowed";
    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
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
        Files.writeString(conf.resolve("rules/logs.yml"), LOG_RULES);
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

        JsonNode recording = json(get(fluxtap.api("/prometheus/api/v1/rules?type=record&rule_group[]=checkout")))
                .path("data").path("groups");
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
    void anSqlRecordingRuleWritesSeriesThatPromqlReturns() {
        sendErrorLogs("checkout", 3);
        sendErrorLogs("billing", 1);
        JsonNode result = TestHttp.await(WAIT, () -> json(get(fluxtap.api("/prometheus/api/v1/query?query="
                        + q("service:error_logs:count")))).path("data").path("result"),
                r -> value(r, "checkout") == 3 && value(r, "billing") == 1);
        for (String service : new String[] {"checkout", "billing"}) {
            JsonNode metric = series(result, service).path("metric");
            // The row's string columns are the labels, the rule's labels join them; the evidence column does not.
            assertEquals(Set.of("__name__", "service", "level", "source"), fieldNames(metric), metric.toString());
            assertEquals("service:error_logs:count", metric.path("__name__").asText());
            assertEquals("error", metric.path("level").asText());
            assertEquals("sql", metric.path("source").asText());
        }
        JsonNode rule = onlyRule("/prometheus/api/v1/rules?rule_name[]=service:error_logs:count");
        assertEquals("ok", rule.path("health").asText(), rule.toString());
        assertEquals("recording", rule.path("type").asText(), rule.toString());
        assertTrue(rule.path("query").asText().startsWith("SELECT entity_name AS service"), rule.toString());
        assertTrue(rule.path("lastError").isMissingNode(), "Prometheus omits an empty lastError: " + rule);
    }

    @Test
    @Order(3)
    void writeStatementsInSqlRulesAreRefusedByTheSandboxAndChangeNothing() {
        long logs = TestHttp.await(WAIT, () -> sqlCount(OUR_LOGS), n -> n == 4);
        Instant counted = Instant.now();
        for (String name : new String[] {"deleted:logs", "CreatedTable"}) {
            // Evaluated (and refused) again after the count, so a statement that ran would show below.
            JsonNode rule = TestHttp.await(WAIT, () -> onlyRule("/prometheus/api/v1/rules?rule_name[]=" + name),
                    r -> "err".equals(r.path("health").asText())
                            && Instant.parse(r.path("lastEvaluation").asText()).isAfter(counted));
            assertTrue(rule.path("lastError").asText().startsWith(REFUSED), rule.toString());
            assertTrue(RFC_3339.matcher(rule.path("lastEvaluation").asText()).matches(), rule.toString());
        }
        JsonNode created = onlyRule("/prometheus/api/v1/rules?rule_name[]=CreatedTable");
        assertEquals("inactive", created.path("state").asText(), created.toString());
        assertEquals(0, created.path("alerts").size(), created.toString());
        // Nothing was deleted, no table was made, and the refused record wrote no series.
        assertEquals(logs, sqlCount(OUR_LOGS));
        HttpResponse<String> table = post(fluxtap.api("/api/v1/sql"), "text/plain",
                "SELECT count(*) AS n FROM rule_made".getBytes(StandardCharsets.UTF_8));
        assertTrue(table.statusCode() >= 400 && table.body().contains("rule_made"), table.body());
        assertEquals(0, json(get(fluxtap.api("/prometheus/api/v1/query?query=" + q("deleted:logs"))))
                .path("data").path("result").size());
    }

    @Test
    @Order(4)
    void theRulesApiFiltersAndFieldsAreAsPrometheus() {
        JsonNode all = json(get(fluxtap.api("/prometheus/api/v1/rules"))).path("data").path("groups");
        assertEquals(List.of("checkout", "logs"), names(all), all.toString());

        JsonNode byGroup = json(get(fluxtap.api("/prometheus/api/v1/rules?rule_group[]=logs"))).path("data")
                .path("groups");
        assertEquals(List.of("logs"), names(byGroup), byGroup.toString());
        assertEquals(List.of("service:error_logs:count", "deleted:logs", "CreatedTable"),
                names(byGroup.get(0).path("rules")));
        assertEquals(List.of("checkout", "logs"), names(json(get(fluxtap.api(
                "/prometheus/api/v1/rules?rule_group[]=logs&rule_group[]=checkout"))).path("data").path("groups")));

        String checkoutFile = conf.resolve("rules/checkout.yml").toString();
        assertEquals(checkoutFile, all.get(0).path("file").asText(), all.toString());
        JsonNode byFile = json(get(fluxtap.api("/prometheus/api/v1/rules?file[]=" + q(checkoutFile))))
                .path("data").path("groups");
        assertEquals(List.of("checkout"), names(byFile), byFile.toString());
        assertEquals(0, json(get(fluxtap.api("/prometheus/api/v1/rules?file[]=" + q("/no/such.yml"))))
                .path("data").path("groups").size());

        JsonNode byName = json(get(fluxtap.api("/prometheus/api/v1/rules?rule_name[]=job:queue_depth:max"
                + "&rule_name[]=CreatedTable"))).path("data").path("groups");
        assertEquals(List.of("checkout", "logs"), names(byName), byName.toString());
        assertEquals(List.of("job:queue_depth:max"), names(byName.get(0).path("rules")));
        assertEquals(List.of("CreatedTable"), names(byName.get(1).path("rules")));
        // The filters combine: a rule name outside the chosen group leaves nothing.
        assertEquals(0, json(get(fluxtap.api("/prometheus/api/v1/rules?rule_group[]=logs"
                + "&rule_name[]=QueueTooDeep"))).path("data").path("groups").size());

        // Prometheus' JSON: evaluationTime in seconds as a number, lastEvaluation and activeAt RFC 3339 times.
        for (JsonNode group : all) {
            assertTrue(group.path("evaluationTime").isNumber(), group.toString());
            assertTrue(group.path("interval").isNumber(), group.toString());
            assertTrue(RFC_3339.matcher(group.path("lastEvaluation").asText()).matches(), group.toString());
            assertTrue(Instant.parse(group.path("lastEvaluation").asText()).isAfter(Instant.now().minusSeconds(60)));
            for (JsonNode rule : group.path("rules")) {
                assertTrue(rule.path("evaluationTime").isNumber(), rule.toString());
                assertTrue(rule.path("evaluationTime").asDouble() >= 0
                        && rule.path("evaluationTime").asDouble() < 10, rule.toString());
                assertTrue(RFC_3339.matcher(rule.path("lastEvaluation").asText()).matches(), rule.toString());
                assertEquals("err".equals(rule.path("health").asText()), rule.has("lastError"), rule.toString());
            }
        }
        JsonNode alert = all.get(0).path("rules").get(0).path("alerts").get(0);
        String activeAt = alert.path("activeAt").asText();
        assertTrue(RFC_3339.matcher(activeAt).matches(), alert.toString());
        assertTrue(Instant.parse(activeAt).isBefore(Instant.now()), alert.toString());
        JsonNode listed = json(get(fluxtap.api("/prometheus/api/v1/alerts"))).path("data").path("alerts").get(0);
        assertEquals(activeAt, listed.path("activeAt").asText(), listed.toString());
    }

    @Test
    @Order(5)
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

    private JsonNode onlyRule(String path) {
        JsonNode groups = json(get(fluxtap.api(path))).path("data").path("groups");
        assertEquals(1, groups.size(), groups.toString());
        assertEquals(1, groups.get(0).path("rules").size(), groups.toString());
        return groups.get(0).path("rules").get(0);
    }

    private long sqlCount(String statement) {
        HttpResponse<String> answer = post(fluxtap.api("/api/v1/sql"), "text/plain",
                statement.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer).path("rows").get(0).get(0).asLong();
    }

    private void sendErrorLogs(String service, int count) {
        Instant now = Instant.now();
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < count; i++) {
            records.append(i == 0 ? "" : ",").append("""
                    {"timeUnixNano": "%d", "severityNumber": 17, "severityText": "ERROR",
                     "body": {"stringValue": "payment %d declined"}}""".formatted(nanos(now) + i * 1_000_000L, i));
        }
        HttpResponse<String> sent = post(URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), "application/json", """
                {"resourceLogs": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "%s"}}]},
                  "scopeLogs": [{"logRecords": [%s]}]}]}
                """.formatted(service, records).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, sent.statusCode(), sent.body());
    }

    /** The series of that service (the server's own logs may add others: it ships its log to itself). */
    private static JsonNode series(JsonNode result, String service) {
        for (JsonNode series : result) {
            if (service.equals(series.path("metric").path("service").asText())) {
                return series;
            }
        }
        return MissingNode.getInstance();
    }

    private static double value(JsonNode result, String service) {
        JsonNode series = series(result, service);
        return series.isMissingNode() ? Double.NaN : series.path("value").get(1).asDouble();
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> out = new HashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
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
