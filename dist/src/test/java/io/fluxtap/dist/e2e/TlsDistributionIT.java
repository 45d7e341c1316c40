package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.testing.Await;
import io.fluxtap.testing.TestCertificates;
import java.io.IOException;
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
 * The README's TLS example as a user pastes it, against the built distribution started with {@code FLUXTAP_TLS_*}
 * environment variables (client certificates required on the ingest listeners); and a start with a missing
 * certificate file, which must end at once with the key and the file named.
 */
class TlsDistributionIT {

    @TempDir
    Path workDir;

    @Test
    void readmeTlsExampleRunsAsPasted() throws Exception {
        String example = DistributionIT.block(Files.readString(Path.of(System.getProperty("fluxtap.readme"))), "tls");
        TestCertificates.Ca ca = TestCertificates.ca("README CA");
        ca.writePem(workDir.resolve("ca.pem"));
        TestCertificates.Pem server = ca.server("fluxtap").writePem(workDir.resolve("server"));
        TestCertificates.Pem client = ca.client("sender").writePem(workDir.resolve("sender"));
        Files.copy(client.cert(), workDir.resolve("client.pem"));
        Files.copy(client.key(), workDir.resolve("client-key.pem"));
        try (FluxtapProcess fluxtap = FluxtapProcess.start(workDir, Map.of(
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_SCRAPE_CONFIG_FILE", workDir.resolve("no-scrape.yml").toString(),
                "FLUXTAP_TLS_CERT", server.cert().toString(),
                "FLUXTAP_TLS_KEY", server.key().toString(),
                "FLUXTAP_TLS_CLIENT_CA", workDir.resolve("ca.pem").toString(),
                "FLUXTAP_TLS_CLIENT_AUTH", "required"))) {
            for (String url : List.of(fluxtap.api("/").toString(), fluxtap.otlpLogs().toString(),
                    fluxtap.dashboard().toString())) {
                assertTrue(url.startsWith("https://"), "the banner prints https addresses: " + fluxtap.output());
            }
            String output = bash(example
                    .replace("localhost:4318", fluxtap.otlpLogs().getAuthority())
                    .replace("localhost:8080", fluxtap.api("/").getAuthority()));
            assertTrue(output.contains("\"status\":\"UP\""), output);
            String query = "curl -sS --fail --cacert ca.pem '" + fluxtap.api("/api/v1/logs?entity_name=tls-demo") + "'";
            String found = Await.value(Duration.ofSeconds(30), () -> bash(query), out -> out.contains("hello over TLS"));
            assertTrue(found.contains("\"entity_name\":\"tls-demo\""), found);
            assertEquals(143, fluxtap.terminate(), fluxtap.output());
        }
    }

    @Test
    void aMissingCertificateFileStopsTheStartWithItsName() throws Exception {
        Path missing = workDir.resolve("nowhere/cert.pem");
        TestCertificates.Pem server = TestCertificates.ca("CA").server("fluxtap").writePem(workDir.resolve("server"));
        ProcessBuilder builder = new ProcessBuilder(FluxtapProcess.distribution().resolve("bin/fluxtap").toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(Map.of("FLUXTAP_HTTP_PORT", "0", "FLUXTAP_OTLP_HTTP_PORT", "0",
                "FLUXTAP_OTLP_GRPC_PORT", "0", "FLUXTAP_UI_PORT", "0",
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_TLS_CERT", missing.toString(), "FLUXTAP_TLS_KEY", server.key().toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), output);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("fluxtap.tls.cert " + missing + ": no such file"), output);
        assertFalse(output.contains("Fluxtap is up"), output);
    }

    private String bash(String script) {
        try {
            Process run = new ProcessBuilder("bash", "-ec", script).directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), output);
            assertEquals(0, run.exitValue(), output);
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
