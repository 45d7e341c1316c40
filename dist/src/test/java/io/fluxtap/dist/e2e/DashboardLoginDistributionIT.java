package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's dashboard-login example as a user pastes it, against the built distribution started with
 * {@code FLUXTAP_AUTH_ENABLED=true}: {@code bin/fluxtap user} adds, lists and removes a user through the running
 * server, the password read from a file on standard input.
 */
class DashboardLoginDistributionIT {

    @TempDir
    Path workDir;

    @Test
    void readmeDashboardLoginExampleRunsAsPasted() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        String example = DistributionIT.block(readme, "dashboard-login");
        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of("FLUXTAP_AUTH_ENABLED", "true"))) {
            assertTrue(Files.isRegularFile(workDir.resolve("data/bootstrap-admin.token")), server.output());
            // As pasted in the installation's directory: only the ports (0 here) and the launcher's place differ.
            String script = example
                    .replace("localhost:8090", server.dashboard().getAuthority())
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
            assertTrue(lines.contains("added user 'alice' (viewer)"), output);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("alice ") && l.contains(" viewer ")), output);
            assertTrue(lines.contains("200"), "the login page answers:\n" + output);
            assertEquals("removed user 'alice'", lines.getLast(), output);
            assertFalse(output.contains("correct horse"), "the password is never printed:\n" + output);
            assertFalse(Files.exists(workDir.resolve("alice.password")));
        }
    }
}
