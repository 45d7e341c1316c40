package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * of the group key); an {@code sql:} rule over error logs fires and resolves, also to Slack.
 */
class AlertNotificationsEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PAGER_GROUP_KEY = "{}/{severity=\"page\"}:{alertname=\"QueueTooDeep\"}";

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
                      SELECT entity_name AS service, count(*) AS value FROM logs
                      WHERE level = 'error' AND ts > now() - INTERVAL 8 SECOND GROUP BY 1 HAVING count(*) > 3
                    annotations:
                      summary: '{{ $value }} errors in {{ $labels.service }}'
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
                gauge(server, 7);
                JsonNode trigger = awaitDelivery(capture, "/pagerduty", 1).body();
                assertEquals("key-1", trigger.path("routing_key").asText(), trigger.toString());
                assertEquals("trigger", trigger.path("event_action").asText());
                assertEquals(sha256(PAGER_GROUP_KEY), trigger.path("dedup_key").asText(), "the hash of the group key");
                assertTrue(trigger.path("payload").path("summary").asText().startsWith("[FIRING:1] QueueTooDeep"),
                        trigger.toString());
                assertEquals("error", trigger.path("payload").path("severity").asText());
                JsonNode chat = awaitSlack(capture, "QueueTooDeep", 1).get(0);
                assertEquals("#alerts", chat.path("channel").asText(), chat.toString());
                assertEquals("danger", chat.path("attachments").path(0).path("color").asText(), chat.toString());

                gauge(server, 1);
                JsonNode resolve = awaitDelivery(capture, "/pagerduty", 2).body();
                assertEquals("resolve", resolve.path("event_action").asText(), resolve.toString());
                assertEquals(trigger.path("dedup_key").asText(), resolve.path("dedup_key").asText(), "same dedup key");
                JsonNode resolved = awaitSlack(capture, "QueueTooDeep", 2).get(1);
                assertTrue(resolved.path("attachments").path(0).path("title").asText().startsWith("[RESOLVED] QueueTooDeep"),
                        resolved.toString());
                assertEquals("good", resolved.path("attachments").path(0).path("color").asText());

                errorLogs(server, "payments-api", 5);
                JsonNode burst = awaitSlack(capture, "ErrorBurst", 1).get(0);
                assertTrue(burst.path("attachments").path(0).path("title").asText().startsWith("[FIRING:1] ErrorBurst"),
                        burst.toString());
                JsonNode dispatched = Await.value(WAIT, () -> TestHttp.json(TestHttp.get(
                        server.api("/alertmanager/api/v2/alerts?filter=alertname%3DErrorBurst"))), a -> a.size() == 1);
                assertEquals("5 errors in payments-api", dispatched.get(0).path("annotations").path("summary").asText());
                // The logs leave the rule's 8 s window: the alert resolves.
                JsonNode over = awaitSlack(capture, "ErrorBurst", 2).get(1);
                assertTrue(over.path("attachments").path(0).path("title").asText().startsWith("[RESOLVED] ErrorBurst"),
                        over.toString());
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
                    .formatted(now.getEpochSecond() * 1_000_000_000L + now.getNano() + i, i));
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

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
