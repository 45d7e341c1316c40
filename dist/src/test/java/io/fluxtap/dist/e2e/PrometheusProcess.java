package io.fluxtap.dist.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus} on loopback with a configuration written by the test, its storage and log in the
 * test's directory; closing stops it (SIGTERM, then SIGKILL after 30 s).
 */
final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private PrometheusProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts Prometheus with {@code config} as its prometheus.yml and any further command-line flags. */
    static PrometheusProcess start(Path workDir, String config, String... flags) throws IOException {
        Path file = workDir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = PrometheusRemoteWriteIT.freePort();
        List<String> command = new ArrayList<>(List.of(PrometheusRemoteWriteIT.findOnPath("prometheus").toString(),
                "--config.file=" + file, "--storage.tsdb.path=" + workDir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port));
        command.addAll(List.of(flags));
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PrometheusProcess(process, log, port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Its own web port (its API and {@code /metrics}). */
    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
