package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution as a user runs it: {@code bin/fluxtap} in a separate process, the README's
 * first-log example pasted into a shell, then SIGTERM, then a restart that still has the data.
 */
class DistributionIT {

    private static final Pattern URL_LINE = Pattern.compile("\\s*(API, health and metrics|OTLP/HTTP receiver|Dashboard):\\s+(\\S+)");

    @TempDir
    Path workDir;

    @Test
    void readmeExampleLogIsServedAndSurvivesACleanRestart() throws Exception {
        Path distribution = Path.of(System.getProperty("fluxtap.distribution"));
        assertTrue(Files.isExecutable(distribution.resolve("bin/fluxtap")), "launcher in " + distribution);
        assertTrue(Files.isRegularFile(distribution.resolve("conf/fluxtap.properties")));
        assertTrue(Files.isRegularFile(distribution.resolveSibling(distribution.getFileName() + ".tar.gz")),
                "the distribution archive is built too");

        ReadmeExample example = ReadmeExample.from(Path.of(System.getProperty("fluxtap.readme")));

        try (Launched server = Launched.start(distribution, workDir)) {
            String shell = example.script()
                    .replace("localhost:4318", server.urls().get("OTLP/HTTP receiver").getAuthority())
                    .replace("localhost:8080", server.urls().get("API, health and metrics").getAuthority());
            Process curl = new ProcessBuilder("bash", "-ec", shell).redirectErrorStream(true).start();
            String curlOutput = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, curl.exitValue(), curlOutput);

            URI logs = server.urls().get("API, health and metrics").resolve("/api/v1/logs?entity_name=" + example.service());
            JsonNode found = TestHttp.await(Duration.ofSeconds(20), () -> json(get(logs)).get("logs"), l -> l.size() == 1);
            assertEquals(example.body(), found.get(0).get("body").asText());
            assertEquals(200, get(server.urls().get("Dashboard")).statusCode(), "dashboard answers");

            int exit = server.terminate();
            assertEquals(143, exit, "SIGTERM ends the JVM through its shutdown hooks\n" + server.output());
            assertFalse(server.output().contains("SEVERE"), server.output());
        }

        try (Launched again = Launched.start(distribution, workDir)) {
            URI logs = again.urls().get("API, health and metrics").resolve("/api/v1/logs?entity_name=" + example.service());
            JsonNode found = json(get(logs)).get("logs");
            assertEquals(1, found.size(), "the log stored before the restart is still there, once");
            again.terminate();
        }
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

    /** A server process started from the distribution, with its printed URLs. */
    record Launched(Process process, Map<String, URI> urls, List<String> lines) implements AutoCloseable {

        static Launched start(Path distribution, Path workDir) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(distribution.resolve("bin/fluxtap").toString())
                    .directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("FLUXTAP_HTTP_PORT", "0");
            builder.environment().put("FLUXTAP_OTLP_HTTP_PORT", "0");
            builder.environment().put("FLUXTAP_UI_PORT", "0");
            Process process = builder.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Map<String, URI> urls = new java.util.concurrent.ConcurrentHashMap<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        Matcher m = URL_LINE.matcher(line);
                        if (m.matches()) {
                            urls.put(m.group(1), URI.create(m.group(2)));
                        }
                    }
                } catch (IOException e) {
                    lines.add("(output reader stopped: " + e + ")");
                }
            }, "fluxtap-output");
            reader.setDaemon(true);
            reader.start();
            Launched launched = new Launched(process, urls, lines);
            Instant deadline = Instant.now().plusSeconds(90);
            while (urls.size() < 3) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    launched.close();
                    throw new AssertionError("server did not print its URLs:\n" + launched.output());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return launched;
        }

        int terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("no clean shutdown within 60 s:\n" + output());
            }
            return process.exitValue();
        }

        String output() {
            return String.join("\n", lines);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
