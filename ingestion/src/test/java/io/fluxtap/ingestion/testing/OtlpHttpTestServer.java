package io.fluxtap.ingestion.testing;

import io.fluxtap.testing.Http;
import io.fluxtap.testing.TempDirs;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.LaneSettings;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.http.OtlpHttpService;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.webserver.WebServer;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * The OTLP/HTTP receiver on a real Helidon web server (free port, {@code /v1/...}) in front of real lanes, with only
 * the store faked: what the OTLP/HTTP tests share. As a JUnit extension it starts before each test on a fresh data
 * directory and stops (server stopped, lanes drained, directory deleted) after it; a test that needs other lanes
 * starts one itself and closes it.
 *
 * <pre>{@code
 * @RegisterExtension
 * final OtlpHttpTestServer server = OtlpHttpTestServer.perTest();
 * ...
 * HttpResponse<byte[]> response = server.post("traces", "application/x-protobuf", request.toByteArray(), false);
 * double rejected = server.counter(IngestMetrics.REJECTED, "signal", "traces", "reason", "invalid_record");
 * }</pre>
 */
public final class OtlpHttpTestServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    /** Request timeout of {@link #post}, and what the tests wait for records at most. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    private final MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final InMemoryRecordSink sink;
    private final long maxRequestBytes;
    private final Clock clock;
    private Path ownDataDir;
    private LaneRouter lanes;
    private WebServer server;

    private OtlpHttpTestServer(InMemoryRecordSink sink, long maxRequestBytes, Clock clock) {
        this.sink = sink;
        this.maxRequestBytes = maxRequestBytes;
        this.clock = clock;
    }

    /**
     * An extension over its own {@link #sink()}: before each test, rings of 1024 with a 2 s publish timeout, 64 KiB
     * requests, the system clock.
     */
    public static OtlpHttpTestServer perTest() {
        return perTest(DEFAULT_MAX_REQUEST_BYTES, Clock.systemUTC());
    }

    /** An extension with the default lanes and the given request limit and server clock. */
    public static OtlpHttpTestServer perTest(long maxRequestBytes, Clock clock) {
        return new OtlpHttpTestServer(new InMemoryRecordSink(), maxRequestBytes, clock);
    }

    /** Started now on the given lanes; the caller closes it. */
    public static OtlpHttpTestServer start(InMemoryRecordSink sink, LaneSettings settings, long maxRequestBytes,
                                           Clock clock) {
        OtlpHttpTestServer started = new OtlpHttpTestServer(sink, maxRequestBytes, clock);
        started.start(settings);
        return started;
    }

    private void start(LaneSettings settings) {
        lanes = new LaneRouter(sink, new IngestMetrics(registry), settings);
        lanes.start();
        OtlpHttpService service = new OtlpHttpService(lanes, new IngestMetrics(registry), maxRequestBytes, clock);
        server = WebServer.builder().port(0).routing(routing -> routing.register("/v1", service)).build().start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        ownDataDir = Files.createTempDirectory("fluxtap-otlp-http-test");
        start(defaultLanes(ownDataDir));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        TempDirs.delete(ownDataDir);
    }

    public static LaneSettings defaultLanes(Path dataDir) {
        return TestLanes.settings(dataDir, RingSettings.of(1024, 64, Duration.ofSeconds(2)));
    }

    /** The fake store behind the lanes. */
    public InMemoryRecordSink sink() {
        return sink;
    }

    public LaneRouter lanes() {
        return lanes;
    }

    public MetricRegistry registry() {
        return registry;
    }

    /** {@code http://localhost:<port>/v1/<signal>}. */
    public URI uri(String signal) {
        return URI.create("http://localhost:" + server.port() + "/v1/" + signal);
    }

    /** POSTs the body as it is to {@code /v1/<signal>}; {@code gzipped}: it is gzip ({@code Http.gzip}), say so. */
    public HttpResponse<byte[]> post(String signal, String contentType, byte[] body, boolean gzipped) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(signal))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzipped) {
            request.header("Content-Encoding", "gzip");
        }
        return send(request);
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) {
        return Http.send(client, request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The application-scope counter with these tags (name, value, name, value, ...). */
    public double counter(String name, String... tags) {
        Tag[] pairs = new Tag[tags.length / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new Tag(tags[2 * i], tags[2 * i + 1]);
        }
        return registry.counter(name, pairs).getCount();
    }


    /** Stops the server and drains the lanes; nothing when it never started. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (lanes != null) {
            lanes.drain();
            lanes = null;
        }
    }
}
