package io.fluxtap.storage.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.AlertHistory.State;
import io.fluxtap.api.AlertHistory.Status;
import io.fluxtap.api.StateStore;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module's beans in a real Helidon server: history recorded through the port, read over HTTP. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/history-http-test")
class HistoryResourcesHttpTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    AlertHistory history;

    @Inject
    StateStore state;

    @Inject
    WebTarget target;

    // The data directory outlives a run: names of this run's own, times in the current hour (not exported).
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final Instant base = Instant.now().minusSeconds(60);

    private void change(String rule, Instant ts, State to, Map<String, String> labels) {
        history.record(new AlertHistory.StateChange(ts, "rules.yml", "g-" + run, rule + run, labels,
                Map.of("summary", "x"), State.PENDING, to, 2.5, 42));
    }

    @Test
    void alertHistoryFiltersNewestFirstAndPagesByCursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            // Two records share each microsecond: the cursor must tell them apart.
            Instant ts = base.plusSeconds(i / 2);
            change("A", ts, i % 2 == 0 ? State.FIRING : State.RESOLVED,
                    Map.of("alertname", "A" + run, "n", String.valueOf(i), "team", i < 3 ? "db" : "web"));
        }
        change("B", base, State.FIRING, Map.of("alertname", "B" + run));

        JsonNode all = get("/api/v1/alerts/history", "rule", "A" + run);
        assertEquals(List.of("4", "3", "2", "1", "0"), values(all.get("history"), "n"));
        JsonNode first = all.get("history").get(0);
        assertEquals("rules.yml", first.get("rule_file").asText());
        assertEquals("g-" + run, first.get("rule_group").asText());
        assertEquals("pending", first.get("from").asText());
        assertEquals("firing", first.get("to").asText());
        assertEquals(2.5, first.get("value").asDouble());
        assertEquals("000000000000002a", first.get("fingerprint").asText());
        assertEquals("x", first.get("annotations").get("summary").asText());
        assertTrue(all.get("next_cursor").isNull());

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = cursor == null ? get("/api/v1/alerts/history", "rule", "A" + run, "limit", "2")
                    : get("/api/v1/alerts/history", "rule", "A" + run, "limit", "2", "cursor", cursor);
            paged.addAll(values(page.get("history"), "n"));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("4", "3", "2", "1", "0"), paged, "nothing lost or repeated across pages");
        assertEquals(3, pages);

        assertEquals(List.of("4", "2", "0"), values(get("/api/v1/alerts/history", "rule", "A" + run, "state", "firing")
                .get("history"), "n"));
        assertEquals(List.of("4", "3"), values(get("/api/v1/alerts/history", "labels",
                "{alertname=\"A" + run + "\",team=~\"w.b\"}").get("history"), "n"));
        assertEquals(List.of("2", "1", "0"), values(get("/api/v1/alerts/history", "labels",
                "{alertname=\"A" + run + "\",team!=\"web\"}", "limit", "3").get("history"), "n"));
        assertEquals(List.of("1", "0"), values(get("/api/v1/alerts/history", "rule", "A" + run,
                "from", base.toString(), "to", base.plusSeconds(1).toString()).get("history"), "n"));
        assertEquals(1, get("/api/v1/alerts/history", "rule", "B" + run, "state", "pending,firing").get("count").asInt());
    }

    @Test
    void notificationsFilterByReceiverIntegrationAndStatus() throws Exception {
        String receiver = "team-" + run;
        for (int i = 0; i < 3; i++) {
            history.record(new AlertHistory.NotificationAttempt(base.plusSeconds(i), receiver, i == 2 ? "slack" : "webhook",
                    0, "{}:{a=\"b\"}", Map.of("a", "b"),
                    List.of(new AlertHistory.NotifiedAlert(0xa105e054dfb59f59L, Map.of("alertname", "A"), "firing")),
                    i == 0 ? Status.FAILED : Status.SUCCESS, i == 0 ? 503 : 200, Duration.ofMillis(7), i == 0 ? "503" : null,
                    i + 1));
        }

        JsonNode all = get("/api/v1/notifications", "receiver", receiver);
        assertEquals(3, all.get("count").asInt());
        assertEquals(MAPPER.readTree("""
                {"ts":"%s","receiver":"%s","integration":"webhook","integration_index":0,"group_key":"{}:{a=\\"b\\"}",
                 "group_labels":{"a":"b"},"alerts":[{"fingerprint":"a105e054dfb59f59","status":"firing",
                 "labels":{"alertname":"A"}}],"status":"failed","http_status":503,"latency_ms":7.0,"error":"503",
                 "attempt":1}""".formatted(micros(base), receiver)), all.get("notifications").get(2));
        assertEquals(List.of("slack"), values(get("/api/v1/notifications", "receiver", receiver, "integration", "slack")
                .get("notifications"), "integration"));
        assertEquals(List.of("failed"), values(get("/api/v1/notifications", "receiver", receiver, "status", "failed")
                .get("notifications"), "status"));
        assertEquals(List.of(3, 2), get("/api/v1/notifications", "receiver", receiver, "status", "success")
                .get("notifications").findValues("attempt").stream().map(JsonNode::asInt).toList());
    }

    @Test
    void badParametersAre400WithAMessage() throws Exception {
        assertEquals("state must be one of inactive, pending, firing, resolved, was 'burning'",
                error("/api/v1/alerts/history", "state", "burning"));
        assertEquals("limit must be a whole number between 1 and 1000, was '0'", error("/api/v1/alerts/history", "limit", "0"));
        assertTrue(error("/api/v1/alerts/history", "from", "yesterday").startsWith("from: cannot read 'yesterday'"));
        assertTrue(error("/api/v1/alerts/history", "labels", "{team=~\"(\"}").startsWith("labels: "));
        assertTrue(error("/api/v1/alerts/history", "cursor", "nope").startsWith("cursor: 'nope' is not a cursor"));
        assertTrue(error("/api/v1/alerts/history", "from", "2026-11-22T10:00:00Z", "to", "2026-11-22T09:00:00Z")
                .startsWith("from must be before to"));
        assertEquals("status must be success or failed, was 'ok'", error("/api/v1/notifications", "status", "ok"));
        assertTrue(error("/api/v1/notifications", "to", "soon").startsWith("to: cannot read 'soon'"));
    }

    @Test
    void theStateStoreBeanIsTheDuckDbOne() {
        state.put("http-test", run, "{\"run\":\"" + run + "\"}", null);
        assertTrue(state.load("http-test").stream().anyMatch(e -> e.key().equals(run)));
        state.delete("http-test", run);
    }

    private static String micros(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() / 1000 * 1000).toString();
    }

    private static List<String> values(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            out.add(item.has(field) ? item.get(field).asText() : item.get("labels").get(field).asText());
        }
        return out;
    }

    private String error(String path, String... params) throws Exception {
        return call(path, 400, params).get("error").asText();
    }

    private JsonNode get(String path, String... params) throws Exception {
        return call(path, 200, params);
    }

    private JsonNode call(String path, int status, String... params) throws Exception {
        WebTarget request = target.path(path);
        for (int i = 0; i < params.length; i += 2) {
            // Braces are URI-template syntax for the JAX-RS client: pass them encoded.
            request = request.queryParam(params[i], params[i + 1].replace("{", "%7B").replace("}", "%7D"));
        }
        try (Response response = request.request().get()) {
            String body = response.readEntity(String.class);
            assertEquals(status, response.getStatus(), body);
            return MAPPER.readTree(body);
        }
    }
}
