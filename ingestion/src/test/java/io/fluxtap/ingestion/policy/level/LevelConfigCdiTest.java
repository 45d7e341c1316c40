package io.fluxtap.ingestion.policy.level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.testing.CdiTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The level keys as an operator sets them: {@code fluxtap.levels.default} filters every service without an
 * override, {@code fluxtap.levels.verbose-max-records-per-second} bounds a verbose override, and a bad default is
 * refused naming the key (the API tests run with the defaults).
 */
class LevelConfigCdiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private CdiTestServer server;

    @AfterEach
    void shutDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theConfiguredDefaultFiltersEveryServiceAndTheVerboseBudgetBoundsAnOverride() throws Exception {
        server = CdiTestServer.boot(dataDir, Map.of("fluxtap.levels.default", "warn",
                "fluxtap.levels.verbose-max-records-per-second", "3"));
        assertEquals("warn", JSON.readTree(get("/api/v1/levels").body()).get("default").asText());

        assertEquals(200, otlpLogs("cart", 9, List.of("info under a warn default")).statusCode());
        assertEquals(200, otlpLogs("cart", 13, List.of("warn passes")).statusCode());
        HttpResponse<String> set = server.send(HttpRequest.newBuilder(server.uri(null, "/api/v1/levels/checkout"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"level\": \"debug\", \"reason\": \"budget\"}")));
        assertEquals(200, set.statusCode(), set.body());
        List<String> debug = IntStream.range(0, 20).mapToObj(i -> "debug " + i).toList();
        assertEquals(200, otlpLogs("checkout", 5, debug).statusCode());
        assertEquals(200, otlpLogs("checkout", 17, List.of("marker")).statusCode());

        until(() -> bodies().contains("warn passes") && bodies().contains("marker"), WAIT, () -> "stored: " + bodies());
        assertTrue(!bodies().contains("info under a warn default"), bodies().toString());
        long kept = bodies().stream().filter(debug::contains).count();
        // One request is one pass of the guard, so its 20 records meet one second's budget of 3; should the pass
        // straddle a second, two budgets.
        assertTrue(kept >= 3 && kept <= 6, "debug records kept under a budget of 3 a second: " + kept);
        JsonNode override = JSON.readTree(get("/api/v1/levels").body()).get("overrides").get(0);
        assertEquals(true, override.get("throttled").asBoolean(), override.toString());
        String metrics = get("/metrics?scope=application").body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("fluxtap_ingest_filtered_total{")
                && line.contains("service=\"checkout\"") && line.contains("reason=\"rate\"")
                && line.endsWith(" " + (20 - kept) + ".0")), metrics);
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("fluxtap_ingest_filtered_total{")
                && line.contains("service=\"cart\"") && line.contains("reason=\"level\"")
                && line.endsWith(" 1.0")), metrics);
    }

    /**
     * The bean's constructor refuses it naming the key, which stops the container's start. Not booted here: a
     * container whose start failed stays registered in the JVM, and every later CDI test of the fork would fail with
     * "Helidon CDI is already started" (DEVELOPERS.md).
     */
    @Test
    void aDefaultThatIsNoLevelIsRefusedNamingTheKey() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new LevelService(
                "loud", Duration.ofMinutes(15), Duration.ofHours(1), 5000, null, null, null));
        assertTrue(refused.getMessage().startsWith("fluxtap.levels.default: ") && refused.getMessage().contains("loud"),
                refused.getMessage());
    }

    private List<String> bodies() {
        return server.sink().records().stream().map(LogRecord::body).toList();
    }

    private HttpResponse<String> otlpLogs(String service, int severity, List<String> bodies) {
        String records = bodies.stream().map(b -> "{\"severityNumber\":%d,\"body\":{\"stringValue\":\"%s\"}}"
                .formatted(severity, b)).collect(Collectors.joining(","));
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeLogs":[{"logRecords":[%s]}]}]}
                """.formatted(service, records);
        return server.post("otlp", "/v1/logs", "application/json", json.getBytes());
    }

    private HttpResponse<String> get(String path) {
        return server.send(HttpRequest.newBuilder(server.uri(null, path)).GET());
    }
}
