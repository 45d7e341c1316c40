package io.fluxtap.ingestion.testing;

import io.fluxtap.testing.Http;
import io.fluxtap.testing.TempDirs;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Helidon MP container with this module's beans, booted on {@link TestServerConfig}'s free ports; only the
 * store is a test double ({@link InMemoryRecordSink}). What the {@code *CdiTest}s share. As a JUnit extension it
 * boots before each test in a fresh directory (data, and wire specs when the test names some) and, after it, unblocks
 * the sink, closes the container if it still runs, releases the config and deletes the directory.
 *
 * <pre>{@code
 * @RegisterExtension
 * final CdiTestServer server = CdiTestServer.perTest(Map.of("fluxtap.remote-write.max-request-bytes", "4096"));
 * ...
 * HttpResponse<String> answer = server.post(null, "/api/v1/write", "application/x-protobuf", body);
 * }</pre>
 */
public final class CdiTestServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, String> extra;
    private final Map<String, String> wireSpecs = new LinkedHashMap<>();
    private Path ownDir;
    private SeContainer container;
    private InMemoryRecordSink sink;

    private CdiTestServer(Map<String, String> extra) {
        this.extra = Map.copyOf(extra);
    }

    /** An extension that boots before each test with the test config plus {@code extra}. */
    public static CdiTestServer perTest(Map<String, String> extra) {
        return new CdiTestServer(extra);
    }

    /** Boots now (the test config plus {@code extra}); the caller closes it. */
    public static CdiTestServer boot(Path dataDir, Map<String, String> extra) {
        CdiTestServer server = new CdiTestServer(extra);
        server.start(dataDir, extra);
        return server;
    }

    /** A wire spec file the extension writes into its wires directory ({@code fluxtap.wires.dir}) before booting. */
    public CdiTestServer wireSpec(String fileName, String yaml) {
        wireSpecs.put(fileName, yaml);
        return this;
    }

    private void start(Path dataDir, Map<String, String> config) {
        TestServerConfig.register(dataDir, config);
        try {
            container = SeContainerInitializer.newInstance().addBeanClasses(InMemoryRecordSink.class).initialize();
            sink = container.select(InMemoryRecordSink.class).get();
        } catch (RuntimeException e) {
            TestServerConfig.release();
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        ownDir = Files.createTempDirectory("fluxtap-cdi-test");
        Map<String, String> config = new LinkedHashMap<>(extra);
        if (!wireSpecs.isEmpty()) {
            Path wires = Files.createDirectories(ownDir.resolve("wires"));
            for (Map.Entry<String, String> spec : wireSpecs.entrySet()) {
                Files.writeString(wires.resolve(spec.getKey()), spec.getValue());
            }
            config.put("fluxtap.wires.dir", wires.toString());
        }
        start(Files.createDirectories(ownDir.resolve("data")), config);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        TempDirs.delete(ownDir);
    }

    public SeContainer container() {
        return container;
    }

    public InMemoryRecordSink sink() {
        return sink;
    }

    public <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    /** The port of the named socket ({@code otlp}), or the main port for null. */
    public int port(String socket) {
        ServerCdiExtension server = container.getBeanManager().getExtension(ServerCdiExtension.class);
        return socket == null ? server.port() : server.port(socket);
    }

    public URI uri(String socket, String path) {
        return URI.create("http://localhost:" + port(socket) + path);
    }

    /**
     * POSTs the body to the path on the socket (null: the main port), with the given content type (none when null)
     * and further headers as name, value pairs.
     */
    public HttpResponse<String> post(String socket, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(socket, path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return Http.send(client, request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Unblocks the sink, closes the container if it still runs and releases the config; nothing when never booted. */
    @Override
    public void close() {
        if (container == null) {
            return;
        }
        try {
            sink.unblock();
            if (container.isRunning()) {
                container.close();
            }
        } finally {
            container = null;
            TestServerConfig.release();
        }
    }
}
