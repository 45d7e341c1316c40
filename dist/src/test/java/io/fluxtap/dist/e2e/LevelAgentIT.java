package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.DistributionIT.block;
import static io.fluxtap.dist.e2e.DistributionIT.runAsPasted;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.testing.Await;
import io.fluxtap.ui.testing.HeadlessChromium;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime level control in the built distribution: {@code FLUXTAP_LEVEL}, the README's level examples as pasted,
 * a separate JVM with the shipped {@code lib/fluxtap-level-agent-*.jar} on its command line that changes its own
 * JUL root level when the API changes, the audit records in {@code active_logs}, and an override that survives a
 * restart of the server (DuckDB).
 */
class LevelAgentIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void aSeparateJvmFollowsItsLevelAndOverridesSurviveARestart() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        Map<String, String> env = Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(), "FLUXTAP_LEVEL", "debug");
        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            assertEquals("debug", logger(server, "io.fluxtap").path("level").asText(), "FLUXTAP_LEVEL");

            String levels = runAsPasted(block(readme, "levels"), server);
            assertTrue(levels.contains("\"level\":\"debug\"") && levels.contains("incident 42"), levels);
            assertTrue(levels.lines().anyMatch(l -> l.toLowerCase().startsWith("etag:")), levels);
            assertTrue(levels.strip().endsWith("204"), levels);
            String loggers = runAsPasted(block(readme, "loggers"), server);
            assertTrue(loggers.contains("\"name\":\"io.fluxtap.ingestion\",\"level\":\"debug\""), loggers);

            Path agent;
            try (Stream<Path> lib = Files.list(FluxtapProcess.distribution().resolve("lib"))) {
                agent = lib.filter(p -> p.getFileName().toString().matches("fluxtap-level-agent-.+\\.jar"))
                        .findFirst().orElseThrow(() -> new AssertionError("no lib/fluxtap-level-agent-*.jar"));
            }
            Path classes = Path.of(LevelAgentDemoApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agent + "=url=" + server.api("/") + ",service=agent-demo,wait=5",
                    "-cp", classes.toString(), LevelAgentDemoApp.class.getName())
                    .redirectErrorStream(true).start();
            List<String> output = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    output.add("(reader stopped: " + e + ")");
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                // The default (trace) first, then what the API says.
                awaitLine(output, "root level: FINEST");
                assertEquals(200, put(server, "/api/v1/levels/agent-demo", "{\"level\": \"warn\"}").statusCode());
                awaitLine(output, "root level: WARNING");
                assertEquals(200, put(server, "/api/v1/levels/agent-demo",
                        "{\"level\": \"debug\", \"ttl\": \"30m\", \"reason\": \"kept over the restart\"}").statusCode());
                awaitLine(output, "root level: FINE");
            } finally {
                app.destroyForcibly();
            }

            Await.until(() -> auditCount(server) >= 5, WAIT, () -> "audit records in active_logs: " + auditCount(server));
            assertEquals(143, server.terminate(), server.output());
        }
        try (FluxtapProcess restarted = FluxtapProcess.start(workDir, Map.of("FLUXTAP_DATA_DIR",
                workDir.resolve("data").toString()))) {
            JsonNode overrides = json(get(restarted.api("/api/v1/levels"))).path("overrides");
            assertEquals(1, overrides.size(), overrides.toString());
            assertEquals("agent-demo", overrides.get(0).path("service").asText());
            assertEquals("debug", overrides.get(0).path("level").asText());
            assertEquals("kept over the restart", overrides.get(0).path("reason").asText());
            assertEquals("info", logger(restarted, "io.fluxtap").path("effective").asText(), "no FLUXTAP_LEVEL now");

            // The dashboard's Levels page reads the same service (CDI) in the real server.
            String dom = HeadlessChromium.locate().awaitDom(restarted.dashboard().resolve("levels"),
                    d -> d.contains("kept over the restart"), WAIT);
            assertTrue(dom.contains("agent-demo") && dom.contains("kept over the restart"), dom);
        }
    }

    private static void awaitLine(List<String> output, String line) {
        Await.until(() -> output.contains(line), WAIT, () -> "the agent JVM never printed '" + line + "':\n"
                + String.join("\n", output));
    }

    private static JsonNode logger(FluxtapProcess server, String name) {
        for (JsonNode logger : json(get(server.api("/api/v1/loggers"))).path("loggers")) {
            if (logger.path("name").asText().equals(name)) {
                return logger;
            }
        }
        throw new AssertionError("no logger " + name);
    }

    private static long auditCount(FluxtapProcess server) {
        HttpResponse<String> result = TestHttp.post(server.api("/api/v1/sql"), "text/plain",
                ("SELECT count(*) AS n FROM active_logs WHERE entity_name = 'fluxtap' AND gear_id = 'levels' "
                        + "AND json_extract_string(attributes, '$.audit') = 'true'").getBytes(StandardCharsets.UTF_8));
        JsonNode rows = json(result).path("rows");
        return rows.path(0).isArray() ? rows.path(0).path(0).asLong() : rows.path(0).path("n").asLong();
    }

    private static HttpResponse<String> put(FluxtapProcess server, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(server.api(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
