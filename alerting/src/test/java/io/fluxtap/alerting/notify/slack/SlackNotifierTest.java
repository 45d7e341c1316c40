package io.fluxtap.alerting.notify.slack;

import io.fluxtap.alerting.config.SlackConfig;
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
import java.util.List;

import static io.fluxtap.alerting.notify.http.Fixtures.FIRING;
import static io.fluxtap.alerting.notify.http.Fixtures.RESOLVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackNotifierTest {

    private static final NotificationTemplates TEMPLATES = NotificationTemplates.defaults();
    private static final String LINK = "http://fluxtap.example:9093/#/alerts?receiver=team-x";
    private CaptureServer server;

    @BeforeEach
    void start() throws IOException {
        server = CaptureServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SlackNotifier notifier(String extra) {
        SlackConfig config = Fixtures.receiver("team-x", """
                - name: team-x
                  slack_configs:
                  - api_url: %s
                    channel: '#alerts'
                %s""".formatted(server.url("/services/T0/B0/x"), extra)).slacks().getFirst();
        return new SlackNotifier(config, NotifierHttpClient.create(config.httpConfig()), TEMPLATES,
                Fixtures.EXTERNAL_URL);
    }

    private static String defaultMessage(String title, String color) {
        return "{\"channel\":\"#alerts\",\"username\":\"Alertmanager\",\"attachments\":[{\"title\":\"" + title
                + "\",\"title_link\":\"" + LINK + "\",\"text\":\"\",\"fallback\":\"" + title + " | " + LINK
                + "\",\"callback_id\":\"\",\"footer\":\"\",\"color\":\"" + color
                + "\",\"mrkdwn_in\":[\"fallback\",\"pretext\",\"text\"]}]}\n";
    }

    @Test
    void defaultTemplatesGiveAlertmanagersMessage() {
        assertEquals(Outcome.delivered(200), notifier("").notify(Fixtures.context("team-x"), Fixtures.both()));

        CaptureServer.Request request = server.only();
        assertEquals("/services/T0/B0/x", request.path());
        assertEquals("application/json", request.header("Content-Type"));
        // What Alertmanager 0.25 POSTed to its slack api_url for the same two alerts (captured from the Debian
        // package, external URL http://fluxtap.example:9093): one firing, so [FIRING:1].
        assertEquals("{\"channel\":\"#alerts\",\"username\":\"Alertmanager\",\"attachments\":[{\"title\":"
                + "\"[FIRING:1] HighLatency (api)\",\"title_link\":\"http://fluxtap.example:9093/#/alerts?receiver="
                + "team-x\",\"text\":\"\",\"fallback\":\"[FIRING:1] HighLatency (api) | http://fluxtap.example:9093"
                + "/#/alerts?receiver=team-x\",\"callback_id\":\"\",\"footer\":\"\",\"color\":\"danger\","
                + "\"mrkdwn_in\":[\"fallback\",\"pretext\",\"text\"]}]}\n", request.body());
    }

    @Test
    void resolvedIsGoodAndHasNoCount() {
        notifier("").notify(Fixtures.context("team-x"), List.of(RESOLVED));

        // __subject: "[RESOLVED] " + group label values + " (" + the other common label values + ")"
        assertEquals(defaultMessage("[RESOLVED] HighLatency (b:9090 api)", "good"), server.only().body());
    }

    @Test
    void fieldsActionsAndOptionalFieldsAreRenderedInAlertmanagersOrder() {
        // The default fallback names the default title and link templates, not the configured title.
        notifier("""
                    username: bot
                    icon_emoji: ':fire:'
                    link_names: true
                    title: '{{ .CommonLabels.alertname }}'
                    title_link: ''
                    text: '{{ range .Alerts }}{{ .Labels.instance }} {{ end }}'
                    footer: 'by {{ .Receiver }}'
                    short_fields: true
                    fields:
                    - title: Job
                      value: '{{ .CommonLabels.job }}'
                    - title: Count
                      value: '{{ len .Alerts }}'
                      short: false
                    actions:
                    - type: button
                      text: Runbook
                      url: 'http://runbook/{{ .GroupLabels.alertname }}'
                      confirm:
                        text: Sure?
                    mrkdwn_in: [text]
                """).notify(Fixtures.context("team-x"), List.of(FIRING));

        assertEquals("{\"channel\":\"#alerts\",\"username\":\"bot\",\"icon_emoji\":\":fire:\",\"link_names\":true,"
                + "\"attachments\":[{\"title\":\"HighLatency\",\"text\":\"a:9090 \",\"fallback\":\"[FIRING:1] HighLatency (a:9090 api) | " + LINK + "\","
                + "\"callback_id\":\"\",\"fields\":[{\"title\":\"Job\",\"value\":\"api\",\"short\":true},"
                + "{\"title\":\"Count\",\"value\":\"1\",\"short\":false}],\"actions\":[{\"type\":\"button\","
                + "\"text\":\"Runbook\",\"url\":\"http://runbook/HighLatency\",\"confirm\":{\"text\":\"Sure?\"}}],"
                + "\"footer\":\"by team-x\",\"color\":\"danger\",\"mrkdwn_in\":[\"text\"]}]}\n",
                server.only().body());
    }

    @Test
    void titleIsCutAt1024Runes() {
        notifier("    title: '" + "é".repeat(1100) + "'\n").notify(Fixtures.context("team-x"), List.of(FIRING));

        String body = server.only().body();
        assertTrue(body.contains("\"title\":\"" + "é".repeat(1023) + "…\""), body);
    }

    @Test
    void answersAreJudgedAsAlertmanagerDoes() {
        SlackNotifier notifier = notifier("");
        server.answer(Answer.of(200, "text/plain", "ok"));
        assertEquals(Outcome.delivered(200), notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));

        server.answer(Answer.of(200, "text/html", "invalid_payload"));
        Outcome.Failed text = assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertFalse(text.retryable());
        assertEquals("channel \"#alerts\": received an error response from Slack: invalid_payload", text.reason());

        server.answer(Answer.of(200, "application/json; charset=utf-8", "{\"ok\":false,\"error\":\"channel_not_found\"}"));
        Outcome.Failed json = assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertFalse(json.retryable());
        assertEquals("channel \"#alerts\": error response from Slack: channel_not_found", json.reason());

        server.answer(Answer.of(200, "application/json", "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}"));
        assertEquals(Outcome.delivered(200), notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));

        server.answer(Answer.of(400, "text/plain", "invalid_token"));
        Outcome.Failed bad = assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertFalse(bad.retryable());
        assertEquals("channel \"#alerts\": unexpected status code 400: invalid_token", bad.reason());

        // Slack's webhooks answer 429 when rate limited; Alertmanager's Slack Retrier does not retry it.
        server.answer(Answer.of(429));
        assertFalse(assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING))).retryable());

        server.answer(Answer.of(503));
        assertTrue(assertInstanceOf(Outcome.Failed.class,
                notifier.notify(Fixtures.context("team-x"), List.of(FIRING))).retryable());
    }

    @Test
    void botTokenPostsToAppUrlWithBearerToken() {
        SlackConfig config = Fixtures.receiver("team-x", """
                - name: team-x
                  slack_configs:
                  - app_token: xoxb-secret
                    app_url: %s
                    channel: '#alerts'
                """.formatted(server.url("/api/chat.postMessage"))).slacks().getFirst();
        server.answer(Answer.of(200, "application/json", "{\"ok\":true}"));

        Outcome outcome = new SlackNotifier(config, NotifierHttpClient.create(config.httpConfig()), TEMPLATES,
                Fixtures.EXTERNAL_URL).notify(Fixtures.context("team-x"), List.of(FIRING));

        assertEquals(Outcome.delivered(200), outcome);
        assertEquals("/api/chat.postMessage", server.only().path());
        assertEquals("Bearer xoxb-secret", server.only().header("Authorization"));
    }

    @Test
    void aTemplateErrorIsNotRetried() {
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
                notifier("    title: '{{ .NoSuchField.x }}'\n").notify(Fixtures.context("team-x"), List.of(FIRING)));
        assertFalse(failed.retryable());
        assertTrue(server.requests().isEmpty());
    }
}
