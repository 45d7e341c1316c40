package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12's differential test: one timed stream of alerts and silences posted to the real Alertmanager 0.25 and to
 * Fluxtap, both configured alike and delivering to the same webhook capture server. Both must send the same
 * notifications (receiver, group key, status, group and common labels, the set of alerts with their status) in the
 * same order per group, each arriving within a second of its counterpart.
 *
 * <p>The stream covers: two routes matched through {@code continue}; {@code group_by} on a label some alerts lack,
 * and {@code ['...']}; a late alert joining a notified group (sent at the next group_interval tick); a repeat after
 * repeat_interval; partial then full resolution, with and without {@code send_resolved}; an inhibition starting and
 * ending; a silence created, then expired. Timers are short (group_wait 1 s, group_interval 3 s, repeat_interval
 * 8 s) and every action falls at least 0.5 s away from a group tick, so neither side's result depends on which of
 * two nearly simultaneous events wins.
 */
class AlertmanagerDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** After the last action (17.5 s) the last group tick that can notify is at 19 s; a margin of 3 s. */
    private static final Duration SCENARIO = Duration.ofSeconds(22);

    private static final String CONFIG = """
            route:
              receiver: default
              group_by: [alertname]
              group_wait: 1s
              group_interval: 3s
              repeat_interval: 8s
              routes:
                - matchers: ['severity="page"']
                  receiver: pager
                  continue: true
                - matchers: ['team="db"']
                  receiver: db
                  group_by: ['...']
                - matchers: ['team="web"']
                  receiver: web
                  group_by: [region]
            inhibit_rules:
              - source_matchers: ['alertname="Outage"']
                target_matchers: ['severity="warning"']
                equal: [cluster]
            receivers:
              - name: default
                webhook_configs: [{url: 'BASE/default'}]
              - name: pager
                webhook_configs: [{url: 'BASE/pager'}]
              - name: db
                webhook_configs: [{url: 'BASE/db', send_resolved: false}]
              - name: web
                webhook_configs: [{url: 'BASE/web'}]
            """;

    @TempDir
    Path dir;

    private long startNanos;

    @Test
    void fluxtapSendsWhatAlertmanagerSendsWhenItSends() throws Exception {
        assumeTrue(AlertmanagerProcess.installed(), "Debian's prometheus-alertmanager is not installed");
        try (WebhookCapture capture = WebhookCapture.start()) {
            Path amConfig = write("alertmanager.yml", CONFIG.replace("BASE", capture.url("/am").toString()));
            Path fxConfig = write("fluxtap-alertmanager.yml", CONFIG.replace("BASE", capture.url("/fx").toString()));
            Files.createDirectories(dir.resolve("fluxtap"));
            try (AlertmanagerProcess alertmanager = AlertmanagerProcess.start(dir.resolve("am"), amConfig);
                 FluxtapProcess fluxtap = FluxtapProcess.start(dir.resolve("fluxtap"),
                         Map.of("FLUXTAP_ALERTMANAGER_CONFIG_FILE", fxConfig.toString(),
                                 "FLUXTAP_DATA_DIR", dir.resolve("fluxtap/data").toString()))) {
                List<URI> targets = List.of(alertmanager.apiV2(), fluxtap.api("/alertmanager/api/v2/"));
                play(targets);
                Map<String, List<Summary>> expected = summaries(capture.deliveries("/am/"), "/am/");
                assertFalse(expected.isEmpty(), "Alertmanager sent nothing: " + Files.readString(alertmanager.log()));
                // Alertmanager's stream is complete at the scenario's horizon; Fluxtap gets a few seconds more to
                // catch up, polled, so a slow notification fails on its arrival time below, not here.
                String want = render(expected);
                Map<String, List<Summary>> actual;
                try {
                    actual = Await.value(Duration.ofSeconds(5), () -> summaries(capture.deliveries("/fx/"), "/fx/"),
                            got -> render(got).equals(want));
                } catch (AssertionError notYet) {
                    actual = summaries(capture.deliveries("/fx/"), "/fx/");
                }
                assertEquals(want, render(actual), "notifications per group, in order");
                for (Map.Entry<String, List<Summary>> group : expected.entrySet()) {
                    List<Summary> ours = actual.get(group.getKey());
                    for (int i = 0; i < group.getValue().size(); i++) {
                        long apart = Math.abs(group.getValue().get(i).arrivedNanos() - ours.get(i).arrivedNanos());
                        assertTrue(apart < TimeUnit.SECONDS.toNanos(1), group.getKey() + " notification " + (i + 1)
                                + " arrived " + TimeUnit.NANOSECONDS.toMillis(apart) + " ms apart; arrivals (s) "
                                + timeline(group.getValue()) + " against " + timeline(ours));
                    }
                }
            }
        }
    }

    /** The stream: offsets from its start, each action posted to every target at once. */
    private void play(List<URI> targets) throws Exception {
        Instant t0 = Instant.now();
        startNanos = System.nanoTime();
        ObjectNode a1 = alert("HighLatency", "severity", "page", "team", "web", "region", "eu", "cluster", "c1");
        ObjectNode a2 = alert("HighLatency", "severity", "warning", "team", "web", "cluster", "c1");
        ObjectNode d1 = alert("DiskFull", "severity", "warning", "team", "db", "instance", "db1", "cluster", "c2");
        ObjectNode a3 = alert("HighLatency", "severity", "page", "team", "web", "region", "eu", "instance", "x",
                "cluster", "c1");
        ObjectNode outage = alert("Outage", "severity", "critical", "cluster", "c1");
        Instant farEnd = t0.plus(Duration.ofHours(1));

        at(t0, 0.0);
        post(targets, firing(t0, farEnd, a1, a2, d1));
        at(t0, 5.5);
        post(targets, firing(t0.plusMillis(5500), farEnd, a3));
        at(t0, 6.5);
        post(targets, firing(t0.plusMillis(6500), farEnd, outage));
        at(t0, 8.5);
        post(targets, firing(t0, t0.plusMillis(8500), a1));
        at(t0, 11.5);
        List<String> silences = silence(targets, t0.plusMillis(11500), farEnd, "instance", "db1");
        at(t0, 14.5);
        for (int i = 0; i < targets.size(); i++) {
            send(HttpRequest.newBuilder(targets.get(i).resolve("silence/" + silences.get(i))).DELETE(), 200);
        }
        post(targets, firing(t0.plusMillis(6500), t0.plusMillis(14500), outage));
        at(t0, 17.5);
        post(targets, firing(t0, t0.plusMillis(17500), a2, d1));
        post(targets, firing(t0.plusMillis(5500), t0.plusMillis(17500), a3));
        at(t0, SCENARIO.toMillis() / 1000.0);
    }

    /** Waits for the scenario's clock to reach the offset: the stream is timed, the timers under test are real. */
    private static void at(Instant t0, double seconds) throws InterruptedException {
        long waitMillis = Duration.between(Instant.now(), t0.plusMillis((long) (seconds * 1000))).toMillis();
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }
    }

    private static ObjectNode alert(String name, String... labels) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode set = alert.putObject("labels");
        set.put("alertname", name);
        for (int i = 0; i < labels.length; i += 2) {
            set.put(labels[i], labels[i + 1]);
        }
        alert.putObject("annotations").put("summary", name + " on " + set.path("cluster").asText());
        alert.put("generatorURL", "http://prometheus.example/graph?g0.expr=" + name);
        return alert;
    }

    private static ArrayNode firing(Instant startsAt, Instant endsAt, ObjectNode... alerts) {
        ArrayNode body = JSON.createArrayNode();
        for (ObjectNode alert : alerts) {
            body.add(alert.deepCopy().put("startsAt", startsAt.toString()).put("endsAt", endsAt.toString()));
        }
        return body;
    }

    private static void post(List<URI> targets, ArrayNode alerts) throws IOException, InterruptedException {
        for (URI target : targets) {
            send(HttpRequest.newBuilder(target.resolve("alerts")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alerts.toString())), 200);
        }
    }

    private static List<String> silence(List<URI> targets, Instant startsAt, Instant endsAt, String name, String value)
            throws IOException, InterruptedException {
        ObjectNode silence = JSON.createObjectNode();
        silence.putArray("matchers").addObject().put("name", name).put("value", value).put("isRegex", false)
                .put("isEqual", true);
        silence.put("startsAt", startsAt.toString()).put("endsAt", endsAt.toString())
                .put("createdBy", "differential test").put("comment", "muted for a while");
        List<String> ids = new ArrayList<>();
        for (URI target : targets) {
            String answer = send(HttpRequest.newBuilder(target.resolve("silences"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(silence.toString())), 200);
            ids.add(JSON.readTree(answer).path("silenceID").asText());
        }
        return ids;
    }

    private static String send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), built.method() + " " + built.uri() + ": " + response.body());
        return response.body();
    }

    /** One notification reduced to what both senders must agree on, and when it arrived. */
    record Summary(String text, long arrivedNanos) {
    }

    /** Per "receiver path | group key": the notifications in arrival order. */
    private static Map<String, List<Summary>> summaries(List<WebhookCapture.Delivery> deliveries, String prefix) {
        Map<String, List<Summary>> groups = new TreeMap<>();
        for (WebhookCapture.Delivery delivery : deliveries) {
            JsonNode body = delivery.body();
            String key = delivery.path().substring(prefix.length()) + " | " + body.path("groupKey").asText();
            TreeSet<String> alerts = new TreeSet<>();
            for (JsonNode alert : body.path("alerts")) {
                alerts.add(alert.path("status").asText() + " " + sorted(alert.path("labels")));
            }
            String text = body.path("status").asText() + " receiver=" + body.path("receiver").asText()
                    + " group=" + sorted(body.path("groupLabels")) + " common=" + sorted(body.path("commonLabels"))
                    + " alerts=" + alerts;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Summary(text, delivery.arrivedNanos()));
        }
        return groups;
    }

    private String timeline(List<Summary> notifications) {
        return notifications.stream()
                .map(n -> String.format("%.2f", (n.arrivedNanos() - startNanos) / 1e9)).toList().toString();
    }

    private static String render(Map<String, List<Summary>> groups) {
        StringBuilder out = new StringBuilder();
        groups.forEach((key, list) -> {
            out.append(key).append('\n');
            list.forEach(s -> out.append("  ").append(s.text()).append('\n'));
        });
        return out.toString();
    }

    private static Map<String, String> sorted(JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            map.put(label.getKey(), label.getValue().asText());
        }
        return new LinkedHashMap<>(map);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
