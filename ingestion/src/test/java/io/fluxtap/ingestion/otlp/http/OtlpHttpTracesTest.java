package io.fluxtap.ingestion.otlp.http;

import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestLanes;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.fluxtap.ingestion.otlp.translate.OtlpTracesDecoderTest.bytes;
import static io.fluxtap.ingestion.otlp.translate.OtlpTracesDecoderTest.request;
import static io.fluxtap.ingestion.otlp.translate.OtlpTracesDecoderTest.span;
import static io.fluxtap.ingestion.testing.InMemoryRecordSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/traces} over real HTTP into real lanes; only the store is fake. */
class OtlpHttpTracesTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private final MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LaneRouter lanes;
    private WebServer server;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() {
        lanes = new LaneRouter(sink, new IngestMetrics(registry),
                TestLanes.settings(dataDir, RingSettings.of(1024, 64, Duration.ofSeconds(2))));
        lanes.start();
        OtlpHttpService service = new OtlpHttpService(lanes, new IngestMetrics(registry), 64 * 1024, Clock.systemUTC());
        server = WebServer.builder().port(0).routing(routing -> routing.register("/v1", service)).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        lanes.drain();
    }

    @Test
    void spansGoToTheTelemetryLaneAndInvalidOnesArePartialSuccess() throws Exception {
        double acceptedBefore = counter(IngestMetrics.RECORDS, "lane", "P2");
        double invalidBefore = counter(IngestMetrics.REJECTED, "reason", "invalid_record");
        ExportTraceServiceRequest request = request(Resource.getDefaultInstance(), InstrumentationScope.getDefaultInstance(),
                span().setName("kept").build(),
                span().setName("short id").setSpanId(bytes("abcd")).build(),
                span().setName("also kept").build());

        HttpResponse<byte[]> response = post(PROTOBUF, request.toByteArray(), false);

        assertEquals(200, response.statusCode());
        ExportTraceServiceResponse reply = ExportTraceServiceResponse.parseFrom(response.body());
        assertEquals(1, reply.getPartialSuccess().getRejectedSpans());
        assertEquals("1 rejected: spanId must be 8 bytes (first: resourceSpans[0].scopeSpans[0].spans[1] had 2 bytes)",
                reply.getPartialSuccess().getErrorMessage());
        await(() -> spans().size() == 2, WAIT, () -> "stored spans: " + spans());
        assertEquals(List.of("kept", "also kept"), spans().stream().map(SpanRecord::name).toList());
        assertTrue(sink.batches().stream().filter(b -> !b.spans().isEmpty()).allMatch(b -> b.lane() == Lane.P2));
        assertEquals(acceptedBefore + 2, counter(IngestMetrics.RECORDS, "lane", "P2"));
        assertEquals(invalidBefore + 1, counter(IngestMetrics.REJECTED, "reason", "invalid_record"));
    }

    @Test
    void gzippedJsonIsAnsweredInJson() throws Exception {
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"json span",
                   "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000"}]}]}]}
                """;

        HttpResponse<byte[]> response = post(JSON, gzip(json.getBytes(StandardCharsets.UTF_8)), true);

        assertEquals(200, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
        await(() -> spans().size() == 1, WAIT, () -> "stored spans: " + spans());
        assertEquals("5b8efff798038103d269b633813fc60c", spans().getFirst().traceId());
    }

    private List<SpanRecord> spans() {
        return sink.batches().stream().map(RecordBatch::spans).flatMap(List::stream).toList();
    }

    private double counter(String name, String tag, String value) {
        return registry.counter(name, new Tag("signal", "traces"), new Tag(tag, value)).getCount();
    }

    private HttpResponse<byte[]> post(String contentType, byte[] body, boolean gzip)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/v1/traces"))
                .timeout(WAIT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
