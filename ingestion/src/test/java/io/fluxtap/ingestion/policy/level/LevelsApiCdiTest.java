package io.fluxtap.ingestion.policy.level;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.levels.LevelControl;
import io.fluxtap.ingestion.testing.CdiTestServer;
import io.fluxtap.testing.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The level API over real HTTP in the real Helidon MP container with this module's beans (lanes, WAL, the policy
 * stages); only the store is a test double, so overrides live in memory here (the dist tests restart over DuckDB).
 */
class LevelsApiCdiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CdiTestServer server = CdiTestServer.perTest(Map.of("fluxtap.levels.max-verbose-ttl", "30m"));

    @Test
    void anOverrideFiltersTheServiceBeforeTheLanesAndIsCountedAndAudited() throws Exception {
        HttpResponse<String> set = put("/api/v1/levels/checkout", "{\"level\": \"warn\", \"reason\": \"too chatty\"}");
        assertEquals(200, set.statusCode(), set.body());
        JsonNode override = JSON.readTree(set.body());
        assertEquals("warn", override.get("level").asText());
        assertEquals("127.0.0.1", override.get("set_by").asText());
        assertTrue(override.get("expires_at").isNull());

        assertEquals(200, otlpLogs("checkout", 9, "info is filtered").statusCode());
        assertEquals(200, otlpLogs("checkout", 17, "error passes").statusCode());
        assertEquals(200, otlpLogs("cart", 5, "other services keep the default").statusCode());

        until(() -> bodies().containsAll(List.of("error passes", "other services keep the default")), WAIT,
                () -> "stored: " + bodies());
        assertFalse(bodies().contains("info is filtered"));

        LogRecord audit = server.sink().records().stream().filter(r -> "levels".equals(r.gearId())).findFirst()
                .orElseThrow(() -> new AssertionError("no audit record in " + bodies()));
        assertEquals("fluxtap", audit.entityName());
        assertEquals(true, audit.attributes().get("audit"));
        assertEquals("trace", audit.attributes().get("old_level"));
        assertEquals("warn", audit.attributes().get("new_level"));
        assertEquals("too chatty", audit.attributes().get("reason"));
        assertEquals("127.0.0.1", audit.attributes().get("caller"));
        assertTrue(server.sink().batches().stream().filter(b -> b.lane() == Lane.P1)
                .flatMap(b -> b.logs().stream()).anyMatch(r -> r == audit), "audit records go to lane P1");

        String metrics = get("/metrics?scope=application").body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("fluxtap_ingest_filtered_total{")
                && line.contains("service=\"checkout\"") && line.contains("reason=\"level\"")
                && line.contains("signal=\"logs\"") && line.endsWith(" 1.0")), metrics);

        JsonNode list = JSON.readTree(get("/api/v1/levels").body());
        assertEquals("trace", list.get("default").asText());
        assertEquals("checkout", list.get("overrides").get(0).get("service").asText());
        assertEquals("too chatty", list.get("overrides").get(0).get("reason").asText());

        assertEquals(204, delete("/api/v1/levels/checkout").statusCode());
        assertEquals(404, delete("/api/v1/levels/checkout").statusCode());
        assertEquals(0, JSON.readTree(get("/api/v1/levels").body()).get("overrides").size());
    }

    @Test
    void aReasonKeepsNoCardNumberAndTheAuditNamesTheTtl() throws Exception {
        HttpResponse<String> set = put("/api/v1/levels/checkout", "{\"level\": \"debug\", \"ttl\": \"10m\", "
                + "\"reason\": \"customer 4111 1111 1111 1111 complained\"}");
        assertEquals(200, set.statusCode(), set.body());
        String masked = "customer 4111 11** **** 1111 complained";
        assertEquals(masked, JSON.readTree(set.body()).get("reason").asText());
        assertEquals(masked, JSON.readTree(get("/api/v1/levels").body()).get("overrides").get(0).get("reason")
                .asText());
        LogRecord audit = Await.value(WAIT, () -> server.sink().records().stream()
                .filter(r -> "levels".equals(r.gearId())).findFirst(), Optional::isPresent).orElseThrow();
        assertEquals(masked, audit.attributes().get("reason"));
        assertEquals("PT10M", audit.attributes().get("ttl"));
        assertFalse(audit.body().contains("4111 1111"), audit.body());
    }

    @Test
    void sendersLongPollTheirLevelWithAnEtag() throws Exception {
        HttpResponse<String> first = get("/api/v1/levels/checkout");
        assertEquals(200, first.statusCode());
        assertEquals("trace", JSON.readTree(first.body()).get("level").asText());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        assertEquals(304, get("/api/v1/levels/checkout", "If-None-Match", etag).statusCode());
        HttpResponse<String> timedOut = get("/api/v1/levels/checkout?wait=1s", "If-None-Match", etag);
        assertEquals(304, timedOut.statusCode(), "unchanged for the whole wait");

        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> get("/api/v1/levels/checkout?wait=60s", "If-None-Match", etag));
        // The waiter registers before the change or sees it on its first look; either way it answers 200.
        assertEquals(200, put("/api/v1/levels/checkout", "{\"level\": \"debug\", \"ttl\": \"10m\"}").statusCode());
        HttpResponse<String> changed = waiting.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, changed.statusCode(), changed.body());
        JsonNode level = JSON.readTree(changed.body());
        assertEquals("debug", level.get("level").asText());
        Instant expires = Instant.parse(level.get("expires_at").asText());
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(9))), expires.toString());
        assertTrue(level.get("version").asLong() > 0);
        assertFalse(etag.equals(changed.headers().firstValue("ETag").orElseThrow()));
    }

    @Test
    void aWaitingSenderHearsOfTheExpiryOfItsOverride() throws Exception {
        HttpResponse<String> set = put("/api/v1/levels/batch", "{\"level\": \"error\", \"ttl\": \"1s\"}");
        assertEquals(200, set.statusCode(), set.body());
        HttpResponse<String> now = get("/api/v1/levels/batch");
        assertEquals("error", JSON.readTree(now.body()).get("level").asText());

        HttpResponse<String> expired = get("/api/v1/levels/batch?wait=60s", "If-None-Match",
                now.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, expired.statusCode(), "woken by the expiry, long before the wait ends");
        assertEquals("trace", JSON.readTree(expired.body()).get("level").asText());
        until(() -> server.sink().records().stream().anyMatch(r -> "expire".equals(r.attributes().get("action"))),
                WAIT, () -> "the expiry is audited too: " + bodies());
    }

    @Test
    void aVerboseLevelWithoutATtlGetsTheDefaultOneAndOthersNone() throws Exception {
        HttpResponse<String> verbose = put("/api/v1/levels/quiet", "{\"level\": \"trace\", \"reason\": \"no ttl\"}");
        assertEquals(200, verbose.statusCode(), verbose.body());
        JsonNode override = JSON.readTree(verbose.body());
        assertEquals(java.time.Duration.ofMinutes(15), java.time.Duration.between(
                Instant.parse(override.get("set_at").asText()), Instant.parse(override.get("expires_at").asText())),
                "fluxtap.levels.default-verbose-ttl: " + verbose.body());

        HttpResponse<String> plain = put("/api/v1/levels/loud", "{\"level\": \"warn\"}");
        assertEquals(200, plain.statusCode(), plain.body());
        assertTrue(JSON.readTree(plain.body()).path("expires_at").isNull()
                || JSON.readTree(plain.body()).path("expires_at").isMissingNode(), plain.body());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        assertRefused(put("/api/v1/levels/a", "{\"level\": \"loud\", \"ttl\": \"5m\"}"), 422, "level");
        // 45m: over this test's fluxtap.levels.max-verbose-ttl (30m), under the default maximum (1h).
        assertRefused(put("/api/v1/levels/a", "{\"level\": \"trace\", \"ttl\": \"45m\"}"), 422, "ttl");
        assertRefused(put("/api/v1/levels/a", "{\"level\": \"debug\", \"ttl\": \"soon\"}"), 422, "ttl");
        assertRefused(put("/api/v1/levels/a", "{\"level\": \"info\", \"colour\": \"red\"}"), 400, "colour");
        assertRefused(put("/api/v1/levels/a", "[1]"), 400, null);
        assertRefused(put("/api/v1/levels/a", "{"), 400, null);
        assertRefused(get("/api/v1/levels/a?wait=1h", "If-None-Match", "\"0-trace\""), 422, "wait");
        assertRefused(put("/api/v1/loggers/io.fluxtap", "{\"level\": \"loud\"}"), 422, "level");
        assertEquals(0, JSON.readTree(get("/api/v1/levels").body()).get("overrides").size(), "nothing half-applied");
        assertTrue(server.sink().records().stream().noneMatch(r -> "levels".equals(r.gearId())), "nothing audited");
    }

    @Test
    void fluxtapsOwnLoggersAreListedAndSetInTheSameLevelNames() throws Exception {
        Logger held = Logger.getLogger("io.fluxtap.test.levels");
        HttpResponse<String> set = put("/api/v1/loggers/io.fluxtap.test.levels", "{\"level\": \"debug\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(java.util.logging.Level.FINE, held.getLevel());
        assertTrue(held.isLoggable(java.util.logging.Level.FINE));

        JsonNode loggers = JSON.readTree(get("/api/v1/loggers").body()).get("loggers");
        assertEquals("root", loggers.get(0).get("name").asText());
        JsonNode ours = null;
        for (JsonNode logger : loggers) {
            if (logger.get("name").asText().equals("io.fluxtap.test.levels")) {
                ours = logger;
            }
        }
        assertEquals("debug", ours.get("level").asText());
        assertEquals("debug", ours.get("effective").asText());

        assertEquals(200, put("/api/v1/loggers/io.fluxtap.test.levels", "{\"level\": null}").statusCode());
        assertEquals(null, held.getLevel(), "inherits again");
        until(() -> server.sink().records().stream().anyMatch(r -> "levels".equals(r.gearId())
                && "io.fluxtap.test.levels".equals(r.attributes().get("logger"))), WAIT, () -> "no logger audit");
        assertTrue(server.container().select(LevelControl.class).isResolvable(), "the port the dashboard looks up");
    }

    private void assertRefused(HttpResponse<String> response, int status, String field) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertTrue(error.get("error").asText().length() > 5, response.body());
        if (field != null) {
            assertEquals(field, error.get("field").asText(), response.body());
        }
    }

    private List<String> bodies() {
        return server.sink().records().stream().map(LogRecord::body).toList();
    }

    private HttpResponse<String> otlpLogs(String service, int severity, String body) {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeLogs":[{"logRecords":[{"severityNumber":%d,"body":{"stringValue":"%s"}}]}]}]}
                """.formatted(service, severity, body);
        return server.post("otlp", "/v1/logs", "application/json", json.getBytes());
    }

    private HttpResponse<String> put(String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(null, path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> delete(String path) {
        return server.send(HttpRequest.newBuilder(server.uri(null, path)).DELETE());
    }

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(null, path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request);
    }
}
