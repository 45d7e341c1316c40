package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution as a user runs it: {@code bin/fluxtap} in a separate process, the README's
 * examples (a first log, a trace, a metric, business messages) pasted into a shell, then SIGTERM, then a restart
 * that still has the data.
 */
class DistributionIT {

    @TempDir
    Path workDir;

    @Test
    void readmeExampleLogIsServedAndSurvivesACleanRestart() throws Exception {
        Path distribution = FluxtapProcess.distribution();
        assertTrue(Files.isExecutable(distribution.resolve("bin/fluxtap")), "launcher in " + distribution);
        assertTrue(Files.isRegularFile(distribution.resolve("conf/fluxtap.properties")));
        assertTrue(Files.isRegularFile(distribution.resolveSibling(distribution.getFileName() + ".tar.gz")),
                "the distribution archive is built too");

        ReadmeExample example = ReadmeExample.from(Path.of(System.getProperty("fluxtap.readme")));

        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of())) {
            runAsPasted(example.script(), server);
            URI logs = server.api("/api/v1/logs?entity_name=" + example.service());
            JsonNode found = TestHttp.await(Duration.ofSeconds(20), () -> json(get(logs)).get("logs"), l -> l.size() == 1);
            assertEquals(example.body(), found.get(0).get("body").asText());
            assertEquals(200, get(server.dashboard()).statusCode(), "dashboard answers");

            String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
            runAsPasted(block(readme, "trace"), server);
            JsonNode span = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(server.api("/api/v1/traces/5b8efff798038103d269b633813fc60c"))).path("spans"),
                    spans -> spans.size() == 1).get(0);
            assertEquals("GET /cart", span.get("name").asText());
            assertEquals(250_000_000L, span.get("duration_ns").asLong());

            runAsPasted(block(readme, "metric"), server);
            JsonNode sample = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(server.api("/api/v1/metrics/samples?name=orders_placed_total"))).path("samples"),
                    samples -> samples.size() == 1).get(0);
            assertEquals(42.0, sample.get("value").asDouble());
            assertEquals("eu", sample.get("labels").get("region").asText());
            assertEquals("checkout", sample.get("labels").get("job").asText());

            String accepted = runAsPasted(block(readme, "message"), server);
            assertTrue(accepted.contains("\"accepted\":2"), accepted);
            JsonNode messages = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(server.api("/api/v1/messages/fluxSpec/visa-v1"))).path("messages"),
                    found2 -> found2.size() == 2);
            assertEquals("EUR", messages.get(0).get("promoted").get("currency").asText());

            int exit = server.terminate();
            assertEquals(143, exit, "SIGTERM ends the JVM through its shutdown hooks\n" + server.output());
            assertFalse(server.output().contains("SEVERE"), server.output());
        }

        try (FluxtapProcess again = FluxtapProcess.start(workDir, Map.of())) {
            URI logs = again.api("/api/v1/logs?entity_name=" + example.service());
            JsonNode found = json(get(logs)).get("logs");
            assertEquals(1, found.size(), "the log stored before the restart is still there, once");
            again.terminate();
        }
    }

    /**
     * {@code bin/fluxtap promql-test} runs Prometheus' test files (read in place from ../shared/conformance/promql):
     * one line per failing case, a closing count line, exit status 1 only when a case failed.
     */
    @Test
    void promqlTestCommandRunsPrometheusTestFiles() throws Exception {
        Path launcher = FluxtapProcess.distribution().resolve("bin/fluxtap");
        Path files = Path.of("../../shared/conformance/promql").toAbsolutePath().normalize();
        Command passing = run(launcher.toString(), "promql-test",
                files.resolve("literals.test").toString(), files.resolve("staleness.test").toString());
        assertEquals(0, passing.exitCode(), passing.output());
        Matcher summary = Pattern.compile("(?m)^(\\d+) passed, 0 failed, (\\d+) skipped$").matcher(passing.output());
        assertTrue(summary.find() && Integer.parseInt(summary.group(1)) > 0, passing.output());

        Path wrong = workDir.resolve("wrong.test");
        Files.writeString(wrong, """
                load 1m
                  x{job="a"} 1 2 3

                eval instant at 2m x
                  x{job="a"} 3

                eval instant at 2m x * 2
                  {job="a"} 5
                """);
        Command failing = run(launcher.toString(), "promql-test", wrong.toString());
        assertEquals(1, failing.exitCode(), failing.output());
        assertTrue(failing.output().contains("wrong.test:7"), "the failing case is named by file and line: "
                + failing.output());
        assertTrue(failing.output().strip().endsWith("1 passed, 1 failed, 0 skipped"), failing.output());
    }

    private record Command(int exitCode, String output) {
    }

    private static Command run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        return new Command(process.exitValue(), output);
    }

    /** Runs a README block exactly as a user would paste it, against this server's ports; returns its output. */
    private static String runAsPasted(String script, FluxtapProcess server) throws IOException, InterruptedException {
        String shell = script
                .replace("localhost:4318", server.otlpLogs().getAuthority())
                .replace("localhost:8080", server.api("/").getAuthority());
        Process curl = new ProcessBuilder("bash", "-ec", shell).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), output);
        return output;
    }

    private static String block(String readme, String name) {
        Matcher block = Pattern.compile("<!-- example: " + name + " -->\\s*```(?:bash|sh)\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(block.find(), "README has the " + name + " example block");
        return block.group(1);
    }

    /** The README block that sends a first log: the test runs exactly what a user would paste. */
    record ReadmeExample(String script, String service, String body) {

        static ReadmeExample from(Path readme) throws IOException {
            String text = Files.readString(readme);
            Matcher block = Pattern.compile("<!-- example: first-log -->\\s*```(?:bash|sh)\\n(.*?)```", Pattern.DOTALL)
                    .matcher(text);
            assertTrue(block.find(), "README has the first-log example block");
            String script = block.group(1);
            Matcher service = Pattern.compile("\"service.name\", \"value\": \\{\"stringValue\": \"([^\"]+)\"").matcher(script);
            Matcher body = Pattern.compile("\"body\": \\{\"stringValue\": \"([^\"]+)\"").matcher(script);
            assertTrue(service.find() && body.find(), "example names a service and a body:\n" + script);
            return new ReadmeExample(script, service.group(1), body.group(1));
        }
    }

}
