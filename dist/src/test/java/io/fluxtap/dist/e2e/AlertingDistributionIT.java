package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.DistributionIT.block;
import static io.fluxtap.dist.e2e.DistributionIT.runAsPasted;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting in the built distribution as a user runs it: the shipped {@code conf/alertmanager.yml} and
 * {@code conf/rules/} load (alerting healthy, the shipped recording rule evaluates), the README's alerting examples
 * run as pasted (post an alert, amtool silences, reload), and SIGHUP reloads a configuration given through
 * {@code FLUXTAP_ALERTMANAGER_CONFIG_FILE}; a bad one keeps the previous configuration and degrades health.
 */
class AlertingDistributionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    @Test
    void shippedConfigurationLoadsAndTheReadmeExamplesRun() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        try (FluxtapProcess server = FluxtapProcess.start(workDir,
                Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString()))) {
            JsonNode health = alertingHealth(server);
            assertEquals("healthy", health.path("status").asText(), health.toString());
            assertEquals(false, health.path("built_in_config").asBoolean(), "the shipped conf/alertmanager.yml: " + health);
            JsonNode groups = json(get(server.api("/prometheus/api/v1/rules"))).path("data").path("groups");
            assertEquals("fluxtap-self", groups.path(0).path("name").asText(), groups.toString());
            assertEquals("[{\"name\":\"default\"}]", json(get(server.api("/alertmanager/api/v2/receivers"))).toString());

            runAsPasted(block(readme, "alert"), server);
            String amtool = runAsPasted(block(readme, "amtool"), server);
            assertTrue(amtool.contains("disk replaced tonight") && amtool.contains("DiskFull"), amtool);
            JsonNode alert = json(get(server.api("/alertmanager/api/v2/alerts?filter=alertname%3DDiskFull"))).get(0);
            assertEquals("suppressed", alert.path("status").path("state").asText(), alert.toString());
            String reload = runAsPasted(block(readme, "alerting-reload"), server);
            assertTrue(reload.contains("\"alerting\":{\"status\":\"healthy\""), reload);

            assertEquals(143, server.terminate(), server.output());
            assertFalse(server.output().contains("SEVERE"), server.output());
        }
    }

    @Test
    void sighupReloadsAndABadFileKeepsTheRunningConfiguration() throws Exception {
        Path config = workDir.resolve("am.yml");
        Files.writeString(config, "route:\n  receiver: first\nreceivers:\n  - name: first\n");
        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of(
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_ALERTMANAGER_CONFIG_FILE", config.toString()))) {
            assertEquals("[{\"name\":\"first\"}]", receivers(server));

            Files.writeString(config, "route:\n  receiver: second\nreceivers:\n  - name: second\n");
            hangup(server);
            TestHttp.await(WAIT, () -> receivers(server), "[{\"name\":\"second\"}]"::equals);

            Files.writeString(config, "route:\n  receiver: missing\nreceivers:\n  - name: second\n");
            hangup(server);
            JsonNode degraded = TestHttp.await(WAIT, () -> alertingHealth(server),
                    h -> "degraded".equals(h.path("status").asText()));
            assertTrue(degraded.path("message").asText().contains("undefined receiver \"missing\" used in route"),
                    degraded.toString());
            assertEquals("[{\"name\":\"second\"}]", receivers(server), "the previous configuration keeps running");
            assertEquals(143, server.terminate(), server.output());
        }
    }

    @Test
    void aMissingConfigurationStartsWithTheBuiltInOne() throws Exception {
        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of(
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_ALERTMANAGER_CONFIG_FILE", workDir.resolve("none.yml").toString()))) {
            JsonNode health = alertingHealth(server);
            assertEquals("healthy", health.path("status").asText(), health.toString());
            assertTrue(health.path("built_in_config").asBoolean(), health.toString());
            assertEquals("[{\"name\":\"default\"}]", receivers(server));
            assertTrue(server.output().contains("No Alertmanager configuration at " + workDir.resolve("none.yml")),
                    server.output());
            assertEquals(143, server.terminate(), server.output());
        }
    }

    @Test
    void badFilesAtStartLeaveTheServerUpWithAlertingDegraded() throws Exception {
        Path config = workDir.resolve("am.yml");
        Files.writeString(config, "route:\n  receiver: nobody\n");
        Path rules = workDir.resolve("bad-rules.yml");
        Files.writeString(rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(\n");
        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of(
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_ALERTMANAGER_CONFIG_FILE", config.toString(),
                "FLUXTAP_ALERTING_RULE_FILES", rules.toString()))) {
            JsonNode health = alertingHealth(server);
            assertEquals("degraded", health.path("status").asText(), health.toString());
            assertTrue(health.path("message").asText().contains("undefined receiver \"nobody\" used in route"),
                    health.toString());
            assertTrue(health.path("message").asText().contains("bad-rules.yml"), health.toString());
            // Alerting runs on the built-in configuration meanwhile: alerts are taken.
            assertEquals("[{\"name\":\"default\"}]", receivers(server));
            assertEquals(200, TestHttp.post(server.api("/alertmanager/api/v2/alerts"), "application/json",
                    "[{\"labels\": {\"alertname\": \"StillUp\"}}]".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .statusCode());
            assertEquals(143, server.terminate(), server.output());
        }
    }

    private static void hangup(FluxtapProcess server) throws Exception {
        // bin/fluxtap execs the JVM, so the launched process is the server itself.
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(server.process().pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
    }

    private static String receivers(FluxtapProcess server) {
        return json(get(server.api("/alertmanager/api/v2/receivers"))).toString();
    }

    private static JsonNode alertingHealth(FluxtapProcess server) {
        return json(get(server.api("/api/v1/monitoring/health"))).path("services").path("alerting");
    }
}
