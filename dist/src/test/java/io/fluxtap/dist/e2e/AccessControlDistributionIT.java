package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's access-control example as a user pastes it, against the built distribution started with
 * {@code FLUXTAP_AUTH_ENABLED=true} on loopback: {@code bin/fluxtap token} goes through the running server with the
 * bootstrap token it wrote, and the curl calls get 401, 403, the export's {@code {}}, then 401 after the revocation.
 */
class AccessControlDistributionIT {

    @TempDir
    Path workDir;

    @Test
    void readmeAccessControlExampleRunsAsPasted() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        String example = DistributionIT.block(readme, "access-control");
        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of("FLUXTAP_AUTH_ENABLED", "true"))) {
            Path bootstrap = workDir.resolve("data/bootstrap-admin.token");
            assertTrue(Files.isRegularFile(bootstrap), server.output());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bootstrap)));
            String secret = Files.readString(bootstrap).strip();
            assertTrue(server.output().contains("bootstrap-admin"), server.output());
            assertFalse(server.output().contains(secret), "the log shows the bootstrap secret");
            assertEquals(401, get(server.api("/api/v1/logs")).statusCode());
            assertEquals(200, get(server.api("/health/live")).statusCode(), "probes stay open");

            // As pasted in the installation's directory: only the ports (0 here) and the launcher's place differ.
            String script = example
                    .replace("localhost:4318", server.otlpLogs().getAuthority())
                    .replace("localhost:8080", server.api("/").getAuthority())
                    .replace("bin/fluxtap", FluxtapProcess.distribution().resolve("bin/fluxtap").toString());
            ProcessBuilder shell = new ProcessBuilder("bash", "-ec", script).directory(workDir.toFile())
                    .redirectErrorStream(true);
            shell.environment().put("JAVA_HOME", System.getProperty("java.home"));
            shell.environment().put("FLUXTAP_HTTP_PORT", String.valueOf(server.api("/").getPort()));
            Process run = shell.start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
            assertEquals(0, run.exitValue(), output);
            List<String> lines = output.lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("made token 'ci-sender' (scopes ingest, no expiry)")),
                    output);
            assertEquals(List.of("401", "403", "{}"), lines.stream().filter(l -> l.matches("\\d{3}|\\{}")).limit(3)
                    .toList(), output);
            assertEquals("401", lines.getLast(), "the revoked token is refused at once:\n" + output);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("grafana ") && l.contains(" read ")), output);
            assertTrue(lines.contains("revoked token 'ci-sender'"), output);
            assertFalse(output.contains("ftk_"), "secrets stay in the shell's variables:\n" + output);

            // The record sent with the token is stored (the example's own query may run before it is).
            String reader = json(TestHttp.post(server.api("/api/v1/tokens"), "application/json",
                    "{\"name\":\"it-reader\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8),
                    "Authorization", "Bearer " + secret)).get("secret").asText();
            JsonNode found = TestHttp.await(Duration.ofSeconds(20), () -> json(get(
                    server.api("/api/v1/logs?entity_name=token-demo"), "Authorization", "Bearer " + reader))
                    .get("logs"), l -> l.size() == 1);
            assertEquals("sent with a token", found.get(0).get("body").asText());
        }
    }
}
