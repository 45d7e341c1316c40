package io.fluxtap.ingestion.otlp.http;

import io.fluxtap.testing.Http;
import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.OtlpHttpTestServer;
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
import org.junit.jupiter.api.extension.RegisterExtension;
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
import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/traces} over real HTTP into real lanes; only the store is fake. */
class OtlpHttpTracesTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OtlpHttpTestServer server = OtlpHttpTestServer.perTest();

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
        until(() -> spans().size() == 2, WAIT, () -> "stored spans: " + spans());
        assertEquals(List.of("kept", "also kept"), spans().stream().map(SpanRecord::name).toList());
        assertTrue(server.sink().batches().stream().filter(b -> !b.spans().isEmpty()).allMatch(b -> b.lane() == Lane.P2));
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

        HttpResponse<byte[]> response = post(JSON, Http.gzip(json.getBytes(StandardCharsets.UTF_8)), true);

        assertEquals(200, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
        until(() -> spans().size() == 1, WAIT, () -> "stored spans: " + spans());
        assertEquals("5b8efff798038103d269b633813fc60c", spans().getFirst().traceId());
    }

    private List<SpanRecord> spans() {
        return server.sink().batches().stream().map(RecordBatch::spans).flatMap(List::stream).toList();
    }

    private double counter(String name, String tag, String value) {
        return server.counter(name, "signal", "traces", tag, value);
    }

    private HttpResponse<byte[]> post(String contentType, byte[] body, boolean gzipped) {
        return server.post("traces", contentType, body, gzipped);
    }
}
