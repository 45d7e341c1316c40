package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.api.Labels;
import io.fluxtap.testing.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12 end to end inside Fluxtap, with the real distribution: OTLP metrics in, a PromQL rule fires, and a Slack
 * stand-in and a PagerDuty stand-in receive their payloads (trigger, then resolve with the same dedup key, the hash
 * of the group key), each compared whole with what Alertmanager sends; an {@code sql:} rule over error logs fires
 * and resolves, also to Slack, its message showing the log lines behind it ({@code sampleRows}).
 */
class AlertNotificationsEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PAGER_GROUP_KEY = "{}/{severity=\"page\"}:{alertname=\"QueueTooDeep\"}";
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final String RULES = """
            groups:
              - name: e2e
                interval: 1s
                rules:
                  - alert: QueueTooDeep
                    expr: queue_depth > 5
                    labels:
                      severity: page
                      team: payments
                    annotations:
                      summary: 'queue at {{ $value }}'
                  - alert: ErrorBurst
                    sql: >-
                      SELECT entity_name AS service, count(*) OVER (PARTITION BY entity_name) AS value,
                      body AS sample_body FROM logs
                      WHERE level = 'error' AND ts > now() - INTERVAL 8 SECOND
                      QUALIFY count(*) OVER (PARTITION BY entity_name) > 3 ORDER BY ts DESC
                    annotations:
                      summary: '{{ $value }} errors in {{ $labels.service }}'
                      evidence: '{{ range sampleRows 2 }}{{ .sample_body }}; {{ end }}'
            """;
    private static final String CONFIG = """
            route:
              receiver: chat
              group_by: [alertname]
              group_wait: 1s
              group_interval: 2s
              routes:
                - matchers: ['severity="page"']
                  receiver: pager
                  continue: true
                - matchers: ['team="payments"']
                  receiver: chat
            receivers:
              - name: chat
                slack_configs:
                  - api_url: 'BASE/slack'
                    channel: '#alerts'
                    text: '{{ range .Alerts }}{{ .Annotations.evidence }}{{ end }}'
                    send_resolved: true
              - name: pager
                pagerduty_configs:
                  - routing_key: key-1
                    url: 'BASE/pagerduty'
            """;

    @TempDir
    Path dir;

    @Test
    void aRuleOverOtlpMetricsPagesAndChatsThenResolvesAndAnSqlRuleOverErrorLogsToo() throws Exception {
        try (WebhookCapture capture = WebhookCapture.start()) {
            Files.createDirectories(dir.resolve("rules"));
            Files.createDirectories(dir.resolve("work"));
            Files.writeString(dir.resolve("rules/e2e.yml"), RULES);
            Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                    CONFIG.replace("BASE", capture.url("").toString()));
            try (FluxtapProcess server = FluxtapProcess.start(dir.resolve("work"), Map.of(
                    "FLUXTAP_ALERTMANAGER_CONFIG_FILE", config.toString(),
                    "FLUXTAP_ALERTING_RULE_FILES", dir.resolve("rules/*.yml").toString(),
                    "FLUXTAP_DATA_DIR", dir.resolve("data").toString()))) {
                Instant sentAt = Instant.now();
                gauge(server, 7);
                JsonNode trigger = awaitDelivery(capture, "/pagerduty", 1).body();
                String startsAt = trigger.at("/payload/custom_details/firing/0/startsAt").asText();
                assertTrue(!Instant.parse(startsAt).isBefore(sentAt.minusSeconds(1))
                        && Instant.parse(startsAt).isBefore(Instant.now()), trigger.toString());
                // Alertmanager's Events API v2 message with its defaults: summary = __subject, source = client,
                // custom_details = the alerts as toJson renders them, dedup_key = SHA-256 of the group key.
                assertEquals(parse("""
                        {"routing_key": "key-1", "dedup_key": "%s", "event_action": "trigger",
                         "payload": {"summary": "[FIRING:1] QueueTooDeep (checkout page payments)",
                                     "source": "Alertmanager", "severity": "error",
                                     "custom_details": {"firing": [%s], "num_firing": 1, "num_resolved": 0,
                                                        "resolved": []}},
                         "client": "Alertmanager", "client_url": "/#/alerts?receiver=pager"}
                        """.formatted(sha256(PAGER_GROUP_KEY), queueAlert("firing", startsAt, GO_ZERO_TIME))),
                        trigger);
                JsonNode chat = awaitSlack(capture, "QueueTooDeep", 1).get(0);
                assertEquals(slack("[FIRING:1] QueueTooDeep (checkout page payments)", "", "danger"), chat);

                gauge(server, 1);
                JsonNode resolve = awaitDelivery(capture, "/pagerduty", 2).body();
                String endsAt = resolve.at("/payload/custom_details/resolved/0/endsAt").asText();
                assertTrue(Instant.parse(endsAt).isAfter(Instant.parse(startsAt)), resolve.toString());
                assertEquals(parse("""
                        {"routing_key": "key-1", "dedup_key": "%s", "event_action": "resolve",
                         "payload": {"summary": "[RESOLVED] QueueTooDeep (checkout page payments)",
                                     "source": "Alertmanager", "severity": "error",
                                     "custom_details": {"firing": [], "num_firing": 0, "num_resolved": 1,
                                                        "resolved": [%s]}},
                         "client": "Alertmanager", "client_url": "/#/alerts?receiver=pager"}
                        """.formatted(sha256(PAGER_GROUP_KEY), queueAlert("resolved", startsAt, endsAt))),
                        resolve);
                JsonNode resolved = awaitSlack(capture, "QueueTooDeep", 2).get(1);
                assertEquals(slack("[RESOLVED] QueueTooDeep (checkout page payments)", "", "good"), resolved);

                errorLogs(server, "payments-api", 5);
                JsonNode burst = awaitSlack(capture, "ErrorBurst", 1).get(0);
                // The evidence: sampleRows gives the rows that made the rule true, in the statement's order (newest
                // first), so the message shows the actual error lines.
                assertEquals(slack("[FIRING:1] ErrorBurst (payments-api)",
                        "payment 4 declined: upstream timeout; payment 3 declined: upstream timeout; ", "danger"),
                        burst);
                JsonNode dispatched = Await.value(WAIT, () -> TestHttp.json(TestHttp.get(
                        server.api("/alertmanager/api/v2/alerts?filter=alertname%3DErrorBurst"))), a -> a.size() == 1);
                assertEquals("5 errors in payments-api", dispatched.get(0).path("annotations").path("summary").asText());
                // The logs leave the rule's 8 s window: the alert resolves.
                JsonNode over = awaitSlack(capture, "ErrorBurst", 2).get(1);
                assertEquals(slack("[RESOLVED] ErrorBurst (payments-api)",
                        "payment 4 declined: upstream timeout; payment 3 declined: upstream timeout; ", "good"), over);
            }
        }
    }

    private static void gauge(FluxtapProcess server, double value) {
        Instant now = Instant.now();
        HttpResponse<String> sent = TestHttp.post(server.otlpLogs().resolve("/v1/metrics"), "application/json", """
                {"resourceMetrics": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "queue_depth",
                    "gauge": {"dataPoints": [{"asDouble": %s, "timeUnixNano": "%d"}]}}]}]}]}
                """.formatted(value, now.getEpochSecond() * 1_000_000_000L + now.getNano())
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, sent.statusCode(), sent.body());
    }

    private static void errorLogs(FluxtapProcess server, String service, int count) {
        Instant now = Instant.now();
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < count; i++) {
            records.append(i == 0 ? "" : ",").append("""
                    {"timeUnixNano": "%d", "severityNumber": 17, "severityText": "ERROR",
                     "body": {"stringValue": "payment %d declined: upstream timeout"}}"""
                    .formatted(now.getEpochSecond() * 1_000_000_000L + now.getNano() + i * 1_000_000L, i));
        }
        HttpResponse<String> sent = TestHttp.post(server.otlpLogs(), "application/json", """
                {"resourceLogs": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "%s"}}]},
                  "scopeLogs": [{"logRecords": [%s]}]}]}
                """.formatted(service, records).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, sent.statusCode(), sent.body());
    }

    private static WebhookCapture.Delivery awaitDelivery(WebhookCapture capture, String path, int count) {
        return Await.value(WAIT, () -> capture.deliveries(path), d -> d.size() >= count).get(count - 1);
    }

    /** The Slack messages about one alert name (their title names it), at least {@code count} of them. */
    private static List<JsonNode> awaitSlack(WebhookCapture capture, String alertname, int count) {
        return Await.value(WAIT, () -> capture.deliveries("/slack").stream().map(WebhookCapture.Delivery::body)
                .filter(b -> b.path("attachments").path(0).path("title").asText().contains(alertname)).toList(),
                list -> list.size() >= count);
    }

    private static JsonNode parse(String json) throws Exception {
        return TestHttp.JSON.readTree(json);
    }

    /** QueueTooDeep as Alertmanager's toJson renders an alert (no external URL: generatorURL stays relative). */
    private static String queueAlert(String status, String startsAt, String endsAt) {
        Labels labels = Labels.of("alertname", "QueueTooDeep", "job", "checkout", "severity", "page",
                "team", "payments");
        return """
                {"annotations": {"summary": "queue at 7"}, "endsAt": "%s", "fingerprint": "%016x",
                 "generatorURL": "/graph?g0.expr=queue_depth+%%3E+5&g0.tab=1",
                 "labels": {"alertname": "QueueTooDeep", "job": "checkout", "severity": "page", "team": "payments"},
                 "startsAt": "%s", "status": "%s"}""".formatted(endsAt, labels.fingerprint(), startsAt, status);
    }

    /** The Slack message of the chat receiver: Alertmanager's default title and fallback, this config's text. */
    private static JsonNode slack(String title, String text, String color) throws Exception {
        return parse("""
                {"channel": "#alerts", "username": "Alertmanager",
                 "attachments": [{"title": "%1$s", "title_link": "/#/alerts?receiver=chat", "text": "%2$s",
                                  "fallback": "%1$s | /#/alerts?receiver=chat", "callback_id": "", "footer": "",
                                  "color": "%3$s", "mrkdwn_in": ["fallback", "pretext", "text"]}]}
                """.formatted(title, text, color));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
