package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code amtool} pointed at a Fluxtap server's Alertmanager API ({@code /alertmanager} on the API port), with
 * an {@code --http.config.file} when {@code httpConfig} is not null (how it sends a token).
 */
record Amtool(URI api, Path httpConfig) {

    /** What one amtool run printed (standard output and error together) and its exit status. */
    record Command(int exit, String output) {
    }

    Amtool(URI api) {
        this(api, null);
    }

    Command run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(PrometheusRemoteWriteIT.findOnPath("amtool").toString());
        command.add("--alertmanager.url=http://127.0.0.1:" + api.getPort() + "/alertmanager");
        if (httpConfig != null) {
            command.add("--http.config.file=" + httpConfig);
        }
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "amtool finished: " + command);
            return new Command(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
