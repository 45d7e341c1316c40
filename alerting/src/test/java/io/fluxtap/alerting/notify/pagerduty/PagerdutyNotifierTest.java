package io.fluxtap.alerting.notify.pagerduty;

import io.fluxtap.alerting.config.PagerdutyConfig;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import static io.fluxtap.alerting.notify.http.Fixtures.FIRING;
import static io.fluxtap.alerting.notify.http.Fixtures.RESOLVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagerdutyNotifierTest {

    private static final NotificationTemplates TEMPLATES = NotificationTemplates.defaults();
    /** What Alertmanager 0.25 sent as dedup_key for this group key (and {@code sha256sum} agrees). */
    private static final String DEDUP = "d4061866bc333de2350285b0452a21f78349e3d63b4f06b6c956f64f95d7be36";
    private static final String LINK = "http://fluxtap.example:9093/#/alerts?receiver=team-x";
    /**
     * Details without {@code toJson} (the config's defaults for {@code firing}/{@code resolved} use it): Alertmanager
     * 0.25's own defaults, which render the instances as text.
     */
    private static final String DETAILS = """
                details:
                  firing: '{{ template "pagerduty.default.instances" .Alerts.Firing }}'
                  resolved: '{{ template "pagerduty.default.instances" .Alerts.Resolved }}'
            """;
    private CaptureServer server;

    @BeforeEach
    void start() throws IOException {
        server = CaptureServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PagerdutyNotifier notifier(String key, String extra) {
        PagerdutyConfig config = Fixtures.receiver("team-x", """
                - name: team-x
                  pagerduty_configs:
                  - %s
                    url: %s
                %s""".formatted(key, server.url("/v2/enqueue"), extra)).pagerduties().getFirst();
        return new PagerdutyNotifier(config, NotifierHttpClient.create(config.httpConfig()), TEMPLATES,
                Fixtures.EXTERNAL_URL, server.url("/generic/2010-04-15/create_event.json"));
    }

    private PagerdutyNotifier notifier(String extra) {
        return notifier("routing_key: rk-1", extra);
    }

    @Test
    void dedupKeyIsTheSha256OfTheGroupKey() throws NoSuchAlgorithmException {
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256")
                .digest("{}:{alertname=\"HighLatency\"}".getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        assertEquals(DEDUP, hex.toString());
        assertEquals(DEDUP, PagerdutyNotifier.dedupKey(Fixtures.GROUP_KEY));
    }

    @Test
    void triggerWhileAnyAlertFires() {
        server.answer(Answer.of(202, "application/json", "{\"status\":\"success\",\"dedup_key\":\"x\"}"));

        Outcome outcome = notifier(DETAILS).notify(Fixtures.context("team-x"), Fixtures.both());

        assertEquals(Outcome.delivered(202), outcome);
        CaptureServer.Request request = server.only();
        assertEquals("/v2/enqueue", request.path());
        assertEquals("application/json", request.header("Content-Type"));
        // Alertmanager 0.25 sent every detail as a string. The config model follows Alertmanager's newer details
        // (toJson defaults), rendered through DeepCopyWithTemplate: a rendered text that reads as YAML becomes that
        // structure, so num_firing is the number 1 and the 0.25-style instance text ("Labels:\n - ...") a map.
        assertEquals("{\"routing_key\":\"rk-1\",\"dedup_key\":\"" + DEDUP + "\",\"event_action\":\"trigger\","
                + "\"payload\":{\"summary\":\"[FIRING:1] HighLatency (api)\",\"source\":\"Alertmanager\","
                + "\"severity\":\"error\",\"custom_details\":{"
                + "\"firing\":{\"Annotations\":[\"summary = p99 above 2s\"],\"Labels\":[\"alertname = HighLatency\","
                + "\"instance = a:9090\",\"job = api\"],\"Source\":\"http://prom/graph?g0.expr=x\\u0026y\\u003c1\"},"
                + "\"num_firing\":1,\"num_resolved\":1,"
                + "\"resolved\":{\"Annotations\":[\"summary = p99 above 2s\"],\"Labels\":[\"alertname = HighLatency\","
                + "\"instance = b:9090\",\"job = api\"],\"Source\":null}}},"
                + "\"client\":\"Alertmanager\",\"client_url\":\"" + LINK + "\"}\n", request.body());
    }

    @Test
    void defaultDetailsAreTheAlertsAsJson() {
        notifier("").notify(Fixtures.context("team-x"), List.of(FIRING));

        // {{ .Alerts.Firing | toJson }} renders JSON, which DeepCopyWithTemplate reads back as a structure (its maps
        // then print with sorted keys); {{ .Alerts.Firing | len }} becomes a number.
        assertEquals("{\"routing_key\":\"rk-1\",\"dedup_key\":\"" + DEDUP + "\",\"event_action\":\"trigger\","
                + "\"payload\":{\"summary\":\"[FIRING:1] HighLatency (a:9090 api)\",\"source\":\"Alertmanager\","
                + "\"severity\":\"error\",\"custom_details\":{\"firing\":[{\"annotations\":{\"summary\":"
                + "\"p99 above 2s\"},\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"8392bc2beab615c5\","
                + "\"generatorURL\":\"http://prom/graph?g0.expr=x\\u0026y\\u003c1\",\"labels\":{\"alertname\":"
                + "\"HighLatency\",\"instance\":\"a:9090\",\"job\":\"api\"},\"startsAt\":"
                + "\"2026-11-22T10:00:00.123456789Z\",\"status\":\"firing\"}],\"num_firing\":1,\"num_resolved\":0,"
                + "\"resolved\":[]}},\"client\":\"Alertmanager\",\"client_url\":\"" + LINK + "\"}\n",
                server.only().body());
    }

    @Test
    void resolveOnceAllAreResolvedWithTheSameDedupKey() {
        notifier(DETAILS).notify(Fixtures.context("team-x"), List.of(RESOLVED));

        String body = server.only().body();
        assertTrue(body.startsWith("{\"routing_key\":\"rk-1\",\"dedup_key\":\"" + DEDUP
                + "\",\"event_action\":\"resolve\",\"payload\":{\"summary\":\"[RESOLVED] HighLatency (b:9090 api)\","), body);
        assertTrue(body.contains("\"firing\":null,\"num_firing\":0,\"num_resolved\":1,"), body);
    }

    @Test
    void configuredFieldsImagesAndLinks() {
        notifier(DETAILS + """
                    description: '{{ .CommonAnnotations.summary }}'
                    severity: '{{ .CommonLabels.severity }}critical'
                    source: 'prom'
                    class: latency
                    component: '{{ .CommonLabels.job }}'
                    group: web
                    client: Fluxtap
                    client_url: ''
                    images:
                    - src: 'http://img/{{ .GroupLabels.alertname }}.png'
                      alt: graph
                    - src: ''
                      href: dropped
                    links:
                    - href: 'http://runbook'
                      text: Runbook
                """).notify(Fixtures.context("team-x"), List.of(FIRING));

        String body = server.only().body();
        assertTrue(body.contains("\"payload\":{\"summary\":\"p99 above 2s\",\"source\":\"prom\",\"severity\":\"critical\","
                + "\"class\":\"latency\",\"component\":\"api\",\"group\":\"web\",\"custom_details\":{"), body);
        assertTrue(body.endsWith("\"client\":\"Fluxtap\",\"images\":[{\"src\":\"http://img/HighLatency.png\","
                + "\"alt\":\"graph\",\"href\":\"\"}],\"links\":[{\"href\":\"http://runbook\",\"text\":\"Runbook\"}]}\n"),
                body);
    }

    @Test
    void summaryIsCutAt1024Runes() {
        notifier(DETAILS + "    description: '" + "x".repeat(2000) + "'\n")
                .notify(Fixtures.context("team-x"), List.of(FIRING));

        assertTrue(server.only().body().contains("\"summary\":\"" + "x".repeat(1023) + "…\""));
    }

    @Test
    void retryableOnServerErrorsAnd429Only() {
        PagerdutyNotifier notifier = notifier(DETAILS);
        for (int status : new int[]{429, 500, 503}) {
            server.answer(Answer.of(status));
            assertTrue(assertInstanceOf(Outcome.Failed.class,
                    notifier.notify(Fixtures.context("team-x"), List.of(FIRING))).retryable(), status + "");
        }
        for (int status : new int[]{401, 403, 404}) {
            server.answer(Answer.of(status));
            assertFalse(assertInstanceOf(Outcome.Failed.class,
                    notifier.notify(Fixtures.context("team-x"), List.of(FIRING))).retryable(), status + "");
        }
    }

    @Test
    void aBadRequestReportsPagerDutysErrors() {
        server.answer(Answer.of(400, "application/json",
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                        + "\"errors\":[\"'payload.summary' is missing\",\"'severity' is invalid\"]}"));

        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                notifier(DETAILS).notify(Fixtures.context("team-x"), List.of(FIRING)));

        assertFalse(failed.retryable());
        assertEquals("unexpected status code 400: Event object is invalid: 'payload.summary' is missing,"
                + "'severity' is invalid", failed.reason());
    }

    @Test
    void anOversizedEventLosesItsDetails() {
        notifier("    description: x\n" + "    details:\n      big: '" + "y".repeat(600_000) + "'\n"
                + "      firing: a\n      resolved: b\n")
                .notify(Fixtures.context("team-x"), List.of(FIRING));

        String body = server.only().body();
        assertTrue(body.contains("\"custom_details\":{\"error\":\"Custom details have been removed because the "
                + "original event exceeds the maximum size of 512KB\"}"), body.substring(0, 300));
        assertTrue(body.length() < 10_000);
    }

    @Test
    void serviceKeyUsesEventsApiV1() {
        server.answer(Answer.of(403));
        PagerdutyNotifier notifier = notifier("service_key: sk-1", DETAILS);

        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
        // v1 retries 403 (PagerDuty's rate limit there), as Alertmanager's v1 Retrier does.
        assertTrue(failed.retryable());
        CaptureServer.Request request = server.only();
        assertEquals("/generic/2010-04-15/create_event.json", request.path());
        assertTrue(request.body().startsWith("{\"service_key\":\"sk-1\",\"incident_key\":\"" + DEDUP
                + "\",\"event_type\":\"trigger\",\"description\":\"[FIRING:1] HighLatency (a:9090 api)\","
                + "\"event_action\":\"\",\"payload\":null,\"client\":\"Alertmanager\",\"client_url\":\"" + LINK
                + "\",\"details\":{"), request.body());
    }

    @Test
    void anEmptyRoutingKeyIsRefusedWithoutARequest() {
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                notifier("routing_key: '{{ .CommonLabels.nothing }}'", DETAILS)
                        .notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertFalse(failed.retryable());
        assertEquals("routing key cannot be empty", failed.reason());
        assertTrue(server.requests().isEmpty());
    }
}
