package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12's crash test with a real process: with one alert firing (and notified), one pending on a long
 * {@code for} and a silence in place, the server is killed with SIGKILL and started again on the same data. The
 * firing alert is dispatched again at once, but its group must not be notified a second time (the notification log
 * survived), the pending alert keeps
 * the {@code activeAt} it had (Prometheus' {@code for} state restoration), and the silence is still there and active.
 */
class AlertingCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String RULES = """
            groups:
              - name: crash
                interval: 1s
                rules:
                  - alert: AlwaysFiring
                    expr: vector(1)
                    labels:
                      severity: page
                  - alert: LongPending
                    expr: vector(2)
                    for: 1h
            """;
    private static final String CONFIG = """
            route:
              receiver: capture
              group_by: [alertname]
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 1h
            receivers:
              - name: capture
                webhook_configs: [{url: 'BASE/capture'}]
            """;

    @TempDir
    Path dir;

    @Test
    void aKilledServerNeitherNotifiesTwiceNorForgetsPendingTimersOrSilences() throws Exception {
        try (WebhookCapture capture = WebhookCapture.start()) {
            Files.createDirectories(dir.resolve("rules"));
            Files.writeString(dir.resolve("rules/crash.yml"), RULES);
            Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                    CONFIG.replace("BASE", capture.url("").toString()));
            Map<String, String> env = Map.of("FLUXTAP_ALERTMANAGER_CONFIG_FILE", config.toString(),
                    "FLUXTAP_ALERTING_RULE_FILES", dir.resolve("rules/*.yml").toString(),
                    "FLUXTAP_DATA_DIR", dir.resolve("data").toString());
            Files.createDirectories(dir.resolve("work"));
            String activeAt;
            String silenceId;
            try (FluxtapProcess server = FluxtapProcess.start(dir.resolve("work"), env)) {
                silenceId = silence(server);
                awaitNotifications(capture, 1);
                // Kill once the notification is in the log, as Alertmanager logs it: after the delivery. A crash
                // between the two sends it again (at least once), which is not what this test is about.
                Await.until(() -> notificationsLogged(server) > 0, WAIT, server::output);
                activeAt = pendingActiveAt(server);
                server.kill();
            }
            try (FluxtapProcess again = FluxtapProcess.start(dir.resolve("work"), env)) {
                // The rule fires again at its first evaluation after the restart; a lost notification log would
                // send the group again after group_wait (1 s). Watch well past that (and two group_intervals).
                Await.until(() -> pendingActiveAtOrNull(again) != null, WAIT, again::output);
                // The rules send the firing alert again at once (the dispatcher's alerts died with the process).
                Await.until(() -> dispatched(again, "AlwaysFiring"), WAIT, again::output);
                Instant until = Instant.now().plusSeconds(6);
                while (Instant.now().isBefore(until)) {
                    assertEquals(1, capture.deliveries("/capture").size(), "one notification, not one per start");
                    FluxtapProcess.sleep(100);
                }
                assertEquals(activeAt, pendingActiveAt(again), "the pending alert kept its activeAt");
                JsonNode silences = JSON.readTree(get(again.api("/alertmanager/api/v2/silences")));
                JsonNode kept = null;
                for (JsonNode s : silences) {
                    if (s.path("id").asText().equals(silenceId)) {
                        kept = s;
                    }
                }
                assertTrue(kept != null, "the silence survived: " + silences);
                assertEquals("active", kept.path("status").path("state").asText());
            }
        }
    }

    private static String silence(FluxtapProcess server) throws IOException, InterruptedException {
        ObjectNode silence = JSON.createObjectNode();
        silence.putArray("matchers").addObject().put("name", "alertname").put("value", "Nothing")
                .put("isRegex", false).put("isEqual", true);
        silence.put("startsAt", Instant.now().toString()).put("endsAt", Instant.now().plusSeconds(3600).toString())
                .put("createdBy", "crash test").put("comment", "must survive SIGKILL");
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(server.api("/alertmanager/api/v2/silences"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(silence.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("silenceID").asText();
    }

    private static void awaitNotifications(WebhookCapture capture, int count) {
        Await.until(() -> capture.deliveries("/capture").size() >= count, WAIT,
                () -> "notifications: " + capture.deliveries("/capture"));
    }

    private static String pendingActiveAt(FluxtapProcess server) {
        return Await.value(WAIT, () -> pendingActiveAtOrNull(server), at -> at != null);
    }

    private static String pendingActiveAtOrNull(FluxtapProcess server) {
        try {
            JsonNode alerts = JSON.readTree(get(server.api("/prometheus/api/v1/alerts"))).path("data").path("alerts");
            for (JsonNode alert : alerts) {
                if (alert.path("labels").path("alertname").asText().equals("LongPending")
                        && alert.path("state").asText().equals("pending")) {
                    return alert.path("activeAt").asText();
                }
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static long notificationsLogged(FluxtapProcess server) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(server.api("/api/v1/sql"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                            "SELECT count(*) FROM alerting_state WHERE namespace = 'nflog'")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("rows").path(0).path(0).asLong() : 0;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    private static boolean dispatched(FluxtapProcess server, String alertname) {
        try {
            for (JsonNode alert : JSON.readTree(get(server.api("/alertmanager/api/v2/alerts")))) {
                if (alert.path("labels").path("alertname").asText().equals(alertname)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        return response.body();
    }
}
