package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image of the {@code container} profile ({@code target/fluxtap-image.tar}, Jib's buildTar), run the way
 * a container runtime runs it, since no Docker daemon is at hand: the layers unpacked in order into a root file
 * system, bind-mounted onto itself with {@code /proc} mounted in it, the image's entry point started under
 * {@code chroot} as the image's user with the image's environment. The server must come up ready on its own JRE and write its database into {@code /data} as
 * that user. Needs root (chroot, mount); skipped without the profile, which names the image.
 */
class ContainerImageIT {

    private static final Pattern API_LINE = Pattern.compile("\\s*API, health and metrics:\\s+(\\S+)");

    @TempDir
    Path workDir;

    @Test
    void theImageRunsTheServerAsItsUserWithItsOwnJre() throws Exception {
        String image = System.getProperty("fluxtap.container.image");
        assumeTrue(image != null && Files.isRegularFile(Path.of(image)),
                "no container image: build with -Pcontainer to test it");
        assumeTrue("root".equals(System.getProperty("user.name")), "unpacking and chroot need root");

        Path unpacked = Files.createDirectories(workDir.resolve("image"));
        run(List.of("tar", "-xf", image, "-C", unpacked.toString()));
        JsonNode manifest = TestHttp.JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
        assertTrue(manifest.get("RepoTags").toString().contains("fluxtap:"), manifest.toString());
        JsonNode config = TestHttp.JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile()).get("config");
        assertEquals("10001:0", config.get("User").asText(), "a non-root user");
        assertTrue(config.get("Volumes").has("/data"), config.toString());
        for (String port : List.of("8080/tcp", "4317/tcp", "4318/tcp", "8090/tcp")) {
            assertTrue(config.get("ExposedPorts").has(port), port + " exposed: " + config);
        }

        Path root = Files.createDirectories(workDir.resolve("rootfs"));
        for (JsonNode layer : manifest.get("Layers")) {
            run(List.of("tar", "-xzf", unpacked.resolve(layer.asText()).toString(), "-C", root.toString()));
        }
        Files.createDirectories(root.resolve("proc"));
        // As a container runtime does: the root is a mount point of its own (Helidon's disk health check asks for the
        // file store of "/", which a plain chroot directory has none of) and /proc is mounted in it.
        run(List.of("mount", "--bind", root.toString(), root.toString()));
        run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
        try {
            List<String> command = new ArrayList<>(List.of("chroot", "--userspec=" + config.get("User").asText(),
                    root.toString()));
            config.get("Entrypoint").forEach(arg -> command.add(arg.asText()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            for (JsonNode variable : config.get("Env")) {
                String[] pair = variable.asText().split("=", 2);
                builder.environment().put(pair[0], pair[1]);
            }
            // Free ports, as FluxtapProcess starts the distribution; the host's network, since there is no namespace.
            builder.environment().putAll(Map.of("FLUXTAP_HTTP_PORT", "0", "FLUXTAP_OTLP_HTTP_PORT", "0",
                    "FLUXTAP_OTLP_GRPC_PORT", "0", "FLUXTAP_UI_PORT", "0"));
            Process server = builder.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            AtomicReference<URI> api = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        Matcher m = API_LINE.matcher(line);
                        if (m.matches()) {
                            URI printed = URI.create(m.group(1));
                            api.set(URI.create("http://127.0.0.1:" + printed.getPort() + "/"));
                        }
                    }
                } catch (IOException e) {
                    lines.add("(output reader stopped: " + e + ")");
                }
            });
            try {
                URI base = TestHttp.await(Duration.ofSeconds(120), () -> {
                    assertTrue(server.isAlive(), () -> "the server in the image stopped:\n" + String.join("\n", lines));
                    return api.get();
                }, uri -> uri != null);
                TestHttp.await(Duration.ofSeconds(60), () -> TestHttp.get(base.resolve("/health/ready")).statusCode(),
                        status -> status == 200);
                Path database = root.resolve("data/fluxtap.duckdb");
                assertTrue(Files.isRegularFile(database), String.join("\n", lines));
                assertEquals(10001, Files.getAttribute(database, "unix:uid"), "written by the image's user");
                assertTrue(Files.isRegularFile(root.resolve("data/bootstrap-admin.token")),
                        "listening on 0.0.0.0, access control is on and the bootstrap token was made");
                server.destroy();
                assertTrue(server.waitFor(60, TimeUnit.SECONDS), String.join("\n", lines));
                assertEquals(143, server.exitValue(), String.join("\n", lines));
                reader.join(Duration.ofSeconds(5));
            } finally {
                server.destroyForcibly();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            run(List.of("umount", root.resolve("proc").toString()));
            run(List.of("umount", root.toString()));
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }
}
