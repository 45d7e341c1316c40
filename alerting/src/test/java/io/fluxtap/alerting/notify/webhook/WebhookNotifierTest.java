package io.fluxtap.alerting.notify.webhook;

import io.fluxtap.alerting.config.WebhookConfig;
import io.fluxtap.alerting.notify.http.CaptureServer;
import io.fluxtap.alerting.notify.http.CaptureServer.Answer;
import io.fluxtap.alerting.notify.http.Fixtures;
import io.fluxtap.alerting.notify.http.NotifierHttpClient;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.Notifier.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static io.fluxtap.alerting.notify.http.Fixtures.FIRING;
import static io.fluxtap.alerting.notify.http.Fixtures.RESOLVED;
import static io.fluxtap.alerting.notify.http.Fixtures.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookNotifierTest {

    private static final NotificationTemplates TEMPLATES = NotificationTemplates.defaults();
    private CaptureServer server;

    @BeforeEach
    void start() throws IOException {
        server = CaptureServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookNotifier notifier(String extra) {
        WebhookConfig config = Fixtures.receiver("team-x", """
                - name: team-x
                  webhook_configs:
                  - url: %s
                %s""".formatted(server.url("/hook"), extra)).webhooks().getFirst();
        return new WebhookNotifier(config, NotifierHttpClient.create(config.httpConfig()), TEMPLATES,
                Fixtures.EXTERNAL_URL);
    }

    /**
     * The body a real Alertmanager 0.25 (Debian's {@code prometheus-alertmanager}) POSTed for these two alerts, posted
     * to its API v2, with {@code --web.external-url=http://fluxtap.example:9093}: captured once and pinned here.
     */
    private static final String ALERTMANAGER_0_25_MIXED = "{\"receiver\":\"team-x\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":\"a:9090\",\"job\":\"api\"},\"annotations\":{\"summary\":\"p99 above 2s\"},\"startsAt\":\"2026-11-22T10:00:00.123456789Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prom/graph?g0.expr=x\\u0026y\\u003c1\",\"fingerprint\":\"8392bc2beab615c5\"},{\"status\":\"resolved\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":\"b:9090\",\"job\":\"api\"},\"annotations\":{\"summary\":\"p99 above 2s\"},\"startsAt\":\"2026-11-22T10:00:00Z\",\"endsAt\":\"2026-11-22T10:05:00.5Z\",\"generatorURL\":\"\",\"fingerprint\":\"6518fe5cdf9fc850\"}],\"groupLabels\":{\"alertname\":\"HighLatency\"},\"commonLabels\":{\"alertname\":\"HighLatency\",\"job\":\"api\"},\"commonAnnotations\":{\"summary\":\"p99 above 2s\"},\"externalURL\":\"http://fluxtap.example:9093\",\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"HighLatency\\\"}\",\"truncatedAlerts\":0}\n";

    private static String firingJson() {
        return "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":\"a:9090\","
                + "\"job\":\"api\"},\"annotations\":{\"summary\":\"p99 above 2s\"},"
                + "\"startsAt\":\"2026-11-22T10:00:00.123456789Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"http://prom/graph?g0.expr=x\\u0026y\\u003c1\",\"fingerprint\":\""
                + fingerprint(FIRING) + "\"}";
    }

    private static String resolvedJson() {
        return "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":\"b:9090\","
                + "\"job\":\"api\"},\"annotations\":{\"summary\":\"p99 above 2s\"},"
                + "\"startsAt\":\"2026-11-22T10:00:00Z\",\"endsAt\":\"2026-11-22T10:05:00.5Z\","
                + "\"generatorURL\":\"\",\"fingerprint\":\"" + fingerprint(RESOLVED) + "\"}";
    }

    private static String message(String status, String alerts, String commonLabels, int truncated) {
        return "{\"receiver\":\"team-x\",\"status\":\"" + status + "\",\"alerts\":[" + alerts + "],"
                + "\"groupLabels\":{\"alertname\":\"HighLatency\"},\"commonLabels\":" + commonLabels + ","
                + "\"commonAnnotations\":{\"summary\":\"p99 above 2s\"},"
                + "\"externalURL\":\"http://fluxtap.example:9093\",\"version\":\"4\","
                + "\"groupKey\":\"{}:{alertname=\\\"HighLatency\\\"}\",\"truncatedAlerts\":" + truncated + "}\n";
    }

    @Test
    void mixedNotificationIsAlertmanagersVersion4Message() {
        Outcome outcome = notifier("").notify(Fixtures.context("team-x"), Fixtures.both());

        assertEquals(Outcome.delivered(200), outcome);
        CaptureServer.Request request = server.only();
        assertEquals("POST", request.method());
        assertEquals("/hook", request.path());
        assertEquals("application/json", request.header("Content-Type"));
        assertTrue(request.header("User-Agent").startsWith("Alertmanager/"), request.header("User-Agent"));
        assertEquals(ALERTMANAGER_0_25_MIXED, request.body());
        assertEquals(message("firing", firingJson() + "," + resolvedJson(),
                "{\"alertname\":\"HighLatency\",\"job\":\"api\"}", 0), request.body());
    }

    @Test
    void firingOnly() {
        notifier("").notify(Fixtures.context("team-x"), List.of(FIRING));

        assertEquals(message("firing", firingJson(),
                "{\"alertname\":\"HighLatency\",\"instance\":\"a:9090\",\"job\":\"api\"}", 0), server.only().body());
    }

    @Test
    void allResolvedIsStatusResolved() {
        notifier("").notify(Fixtures.context("team-x"), List.of(RESOLVED));

        assertEquals(message("resolved", resolvedJson(),
                "{\"alertname\":\"HighLatency\",\"instance\":\"b:9090\",\"job\":\"api\"}", 0), server.only().body());
    }

    @Test
    void maxAlertsSendsTheFirstAndCountsTheRest() {
        notifier("    max_alerts: 1\n").notify(Fixtures.context("team-x"), Fixtures.both());

        // Common labels are computed over the alerts sent, as Alertmanager truncates before building the data.
        assertEquals(message("firing", firingJson(),
                "{\"alertname\":\"HighLatency\",\"instance\":\"a:9090\",\"job\":\"api\"}", 1), server.only().body());
    }

    @Test
    void receiverNameIsRegexpQuotedAsAlertmanagerPassesIt() {
        WebhookConfig config = Fixtures.receiver("team.x", """
                - name: team.x
                  webhook_configs:
                  - url: %s
                """.formatted(server.url("/hook"))).webhooks().getFirst();
        new WebhookNotifier(config, NotifierHttpClient.create(config.httpConfig()), TEMPLATES, "")
                .notify(Fixtures.context("team.x"), List.of(FIRING));

        assertTrue(server.only().body().startsWith("{\"receiver\":\"team\\\\.x\","), server.only().body());
    }

    @Test
    void onlyServerErrorsAreRetried() {
        WebhookNotifier notifier = notifier("");
        for (int status : new int[]{500, 502, 503}) {
            server.answer(Answer.of(status, "text/plain", "down"));
            Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                    notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
            assertTrue(failed.retryable(), status + " retryable");
            assertEquals("unexpected status code " + status + ": down", failed.reason());
        }
        // Alertmanager's webhook Retrier has no extra codes: 429 and other 4xx are final.
        for (int status : new int[]{400, 401, 404, 429}) {
            server.answer(Answer.of(status));
            Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                    notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
            assertEquals(false, failed.retryable(), status + " not retryable");
        }
        server.answer(Answer.of(204));
        assertEquals(Outcome.delivered(204), notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
    }

    @Test
    void aRefusedConnectionIsRetryable() {
        WebhookNotifier notifier = notifier("");
        server.close();
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertTrue(failed.retryable());
        assertTrue(!failed.reason().contains("127.0.0.1"), "the URL may hold a secret: " + failed.reason());
    }

    @Test
    void theConfiguredTimeoutEndsASlowRequestRetryably() {
        server.answer(new Answer(200, "text/plain", "", Duration.ofSeconds(30)));
        long start = System.nanoTime();
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                notifier("    timeout: 300ms\n").notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertTrue(failed.retryable());
        assertTrue(failed.reason().contains("timed out"), failed.reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void customPayloadIsRenderedAsAlertmanagerDoes() {
        notifier("""
                    payload:
                      title: '{{ .GroupLabels.alertname }}'
                      count: '{{ len .Alerts }}'
                      nested:
                        list: ['{{ .Status }}', 3]
                """).notify(Fixtures.context("team-x"), Fixtures.both());

        assertEquals("{\"count\":2,\"nested\":{\"list\":[\"firing\",3]},\"title\":\"HighLatency\"}\n",
                server.only().body());
    }
}
