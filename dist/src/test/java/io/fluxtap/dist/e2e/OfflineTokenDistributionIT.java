package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fluxtap token} with the server stopped (issue #17), against the built distribution: the README's
 * offline-token example as pasted makes an ingest token on the data directory; the server started afterwards takes
 * it (an OTLP/HTTP log is stored, a query is 403), lists it through the admin API with the bootstrap admin token the
 * offline command made, and holds the audit record of the offline creation. While the server runs, the command
 * pointed at a port where it does not answer says the database is in use instead of touching it.
 */
class OfflineTokenDistributionIT {

    private static final String SECRET = "ftk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}";

    @TempDir
    Path workDir;

    @Test
    void aTokenMadeWithTheServerStoppedIsTakenOnceItRuns() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        String example = DistributionIT.block(readme, "offline-token");
        int closed = closedPort();
        // As pasted in the installation's directory with no server running: only the launcher's place differs, and
        // the API port is one where nothing listens (8080 may be anyone's on a build machine).
        Run stopped = shell(example.replace("bin/fluxtap", launcher()), closed);
        assertEquals(0, stopped.status(), stopped.output());
        List<String> lines = stopped.output().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("no Fluxtap server answers at http://127.0.0.1:" + closed
                + "/: working on its data directory")), stopped.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("made token 'ci-sender' (scopes ingest, no expiry)")),
                stopped.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("made the admin token 'bootstrap-admin' too")),
                stopped.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ci-sender ") && l.contains(" ingest ")), stopped.output());
        assertFalse(stopped.output().contains("ftk_"), "the secret went to the file only:\n" + stopped.output());
        String secret = Files.readString(workDir.resolve("ci-sender.token"));
        assertTrue(secret.matches(SECRET + "\n"), "standard output is the secret alone: [" + secret + "]");
        secret = secret.strip();

        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of("FLUXTAP_AUTH_ENABLED", "true"))) {
            String admin = Files.readString(workDir.resolve("data/bootstrap-admin.token")).strip();
            assertTrue(admin.matches(SECRET), "the offline command wrote the bootstrap admin token");
            HttpResponse<String> sent = TestHttp.post(server.otlpLogs().resolve("/v1/logs"), "application/json", """
                    {"resourceLogs": [{
                      "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "offline-demo"}}]},
                      "scopeLogs": [{"logRecords": [{"severityText": "INFO", "body": {"stringValue": "made offline"}}]}]
                    }]}""".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + secret);
            assertEquals(200, sent.statusCode(), sent.body());
            assertEquals(403, get(server.api("/api/v1/logs"), "Authorization", "Bearer " + secret).statusCode(),
                    "an ingest token cannot read");

            JsonNode tokens = json(get(server.api("/api/v1/tokens"), "Authorization", "Bearer " + admin))
                    .get("tokens");
            assertTrue(tokens.findValuesAsText("name").contains("ci-sender"), tokens.toString());

            String reader = json(TestHttp.post(server.api("/api/v1/tokens"), "application/json",
                    "{\"name\":\"it-reader\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8),
                    "Authorization", "Bearer " + admin)).get("secret").asText();
            JsonNode found = TestHttp.await(Duration.ofSeconds(20), () -> json(get(
                    server.api("/api/v1/logs?entity_name=offline-demo"), "Authorization", "Bearer " + reader))
                    .get("logs"), l -> l != null && l.size() == 1);
            assertEquals("made offline", found.get(0).get("body").asText());

            HttpResponse<String> audit = TestHttp.post(server.api("/api/v1/sql"), "text/plain", ("SELECT body, "
                    + "attributes->>'caller' AS caller FROM logs WHERE entity_name = 'fluxtap' AND gear_id = 'tokens' "
                    + "AND attributes->>'audit' = 'true' ORDER BY ts").getBytes(StandardCharsets.UTF_8),
                    "Authorization", "Bearer " + reader);
            assertEquals(200, audit.statusCode(), audit.body());
            String who = System.getProperty("user.name") + " from local";
            assertTrue(audit.body().contains("token create ci-sender (ingest) by " + who), audit.body());
            assertTrue(audit.body().contains("token create bootstrap-admin (admin) by " + who), audit.body());

            // The server runs, but not where the command looks: it must not touch the database the server holds.
            Run locked = shell(launcher() + " token list", closed);
            assertEquals(1, locked.status(), locked.output());
            assertTrue(locked.output().contains("fluxtap token: the database " + workDir.toRealPath()
                    .resolve("data/fluxtap.duckdb") + " is in use by another process"), locked.output());
        }
    }

    private record Run(int status, String output) {
    }

    private Run shell(String script, int apiPort) throws IOException, InterruptedException {
        ProcessBuilder shell = new ProcessBuilder("bash", "-ec", script).directory(workDir.toFile())
                .redirectErrorStream(true);
        shell.environment().put("JAVA_HOME", System.getProperty("java.home"));
        shell.environment().put("FLUXTAP_HTTP_PORT", String.valueOf(apiPort));
        shell.environment().put("FLUXTAP_AUTH_ENABLED", "true");
        Process run = shell.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
        return new Run(run.exitValue(), output);
    }

    private static String launcher() {
        return FluxtapProcess.distribution().resolve("bin/fluxtap").toString();
    }

    /** A loopback port nothing listens on (bound, then let go). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
