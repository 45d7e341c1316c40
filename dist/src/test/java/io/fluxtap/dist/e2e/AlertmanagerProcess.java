package io.fluxtap.dist.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The real Alertmanager (Debian's {@code prometheus-alertmanager}, 0.25) on a free loopback port, without
 * clustering, with its data in a temporary directory: the peer Fluxtap's dispatcher is compared against.
 */
record AlertmanagerProcess(Process process, URI url, Path log) implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static AlertmanagerProcess start(Path dir, Path configFile) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("alertmanager.log");
        Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + configFile,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=debug")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AlertmanagerProcess started = new AlertmanagerProcess(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(started.url.resolve("-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return started;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                started.close();
                throw new AssertionError("Alertmanager did not get ready:\n" + Files.readString(log));
            }
            FluxtapProcess.sleep(50);
        }
    }

    /** The API v2 base, e.g. {@code http://127.0.0.1:9093/api/v2/}. */
    URI apiV2() {
        return url.resolve("api/v2/");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
