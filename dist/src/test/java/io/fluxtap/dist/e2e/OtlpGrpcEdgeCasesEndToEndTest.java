package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OTLP/gRPC messages a well-behaved SDK rarely sends: each is answered at once with the status the gRPC and
 * OTLP specifications name, and refusals show on {@code /metrics}. "At once" is checked as "within
 * {@link #ANSWER}": a hang, not a latency goal.
 */
class OtlpGrpcEdgeCasesEndToEndTest extends FluxtapEndToEnd {

    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final String LOGS_PATH = "/" + LogsServiceGrpc.getExportMethod().getFullMethodName();
    private static final int LIMIT = 16 * 1024 * 1024;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aGzipMessageLargerThanOneHttp2FrameIsStoredAndAnswered() {
        String service = "bulk-" + UUID.randomUUID();
        byte[] request = OtlpGrpcClientsEndToEndTest.logsRequest(service, 5000, "bulk " + UUID.randomUUID())
                .toByteArray();
        assertTrue(TestHttp.gzip(request).length > 16_384, "compressed, the message spans several DATA frames");
        GrpcClient.Answer answer = GrpcClient.C_CORE.export(target(), LogsServiceGrpc.getExportMethod()
                .getFullMethodName(), request, true);
        assertEquals(new GrpcClient.Answer("OK", "", ""), answer);
        JsonNode page = await(Duration.ofSeconds(30),
                () -> json(get(fluxtap.api("/api/v1/logs?limit=10000&entity_name=" + q(service)))),
                found -> found.path("logs").size() == 5000);
        assertTrue(page.path("logs").get(0).get("body").asText().endsWith(" 4999"), "newest first");
    }

    @Test
    void anUnknownGrpcEncodingIsUnimplemented() {
        RawGrpcCall.Answer answer = raw(Map.of("grpc-encoding", "br"), RawGrpcCall.message(true, smallRequest()));
        assertEquals("12", answer.grpcStatus(), "UNIMPLEMENTED: " + answer);
        assertRefusalCounted("unimplemented");
    }

    @Test
    void aLengthPrefixOfAllOnesIsResourceExhausted() {
        byte[] body = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8};
        RawGrpcCall.Answer answer = raw(Map.of(), body);
        assertEquals("8", answer.grpcStatus(), "RESOURCE_EXHAUSTED: " + answer);
        assertRefusalCounted("resource_exhausted");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anUncompressedMessageOverTheLimitIsResourceExhaustedAndNotStored() {
        String service = "huge-" + UUID.randomUUID();
        byte[] request = hugeRequest(service);
        assertTrue(request.length > LIMIT, "over fluxtap.otlp.max-request-bytes");
        GrpcClient.Answer answer = GrpcClient.C_CORE.export(target(), LogsServiceGrpc.getExportMethod()
                .getFullMethodName(), request, false);
        assertEquals("RESOURCE_EXHAUSTED", answer.code(), answer.toString());
        assertEquals(0, json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).path("logs").size());
    }

    @Test
    void aMessageThatDecompressesOverTheLimitIsResourceExhausted() {
        byte[] compressed = TestHttp.gzip(hugeRequest("bomb-" + UUID.randomUUID()));
        assertTrue(compressed.length < 60_000, "small on the wire: " + compressed.length);
        RawGrpcCall.Answer answer = raw(Map.of("grpc-encoding", "gzip"), RawGrpcCall.message(true, compressed));
        assertEquals("8", answer.grpcStatus(), "RESOURCE_EXHAUSTED: " + answer);
    }

    @Test
    void aMessageThatIsNotTheRequestProtobufIsInvalidArgument() {
        byte[] garbage = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01};
        GrpcClient.Answer answer = GrpcClient.C_CORE.export(target(), LogsServiceGrpc.getExportMethod()
                .getFullMethodName(), garbage, false);
        assertEquals("INVALID_ARGUMENT", answer.code(), "not retryable per OTLP: " + answer);
        assertTrue(answer.details().contains("invalid protobuf"), answer.details());
    }

    @Test
    void aFrameWithReservedFlagBitsIsInternal() {
        byte[] framed = RawGrpcCall.message(false, smallRequest());
        framed[0] = 2;
        RawGrpcCall.Answer answer = raw(Map.of(), framed);
        assertEquals("13", answer.grpcStatus(), "INTERNAL: " + answer);
    }

    @Test
    void aCompressedFlagOnBytesThatAreNotGzipIsInternal() {
        RawGrpcCall.Answer answer = raw(Map.of("grpc-encoding", "gzip"), RawGrpcCall.message(true, smallRequest()));
        assertEquals("13", answer.grpcStatus(), "INTERNAL: " + answer);
        assertRefusalCounted("internal");
    }

    @Test
    void aLiteralHeaderBlockAsTheCCoreSendsItIsServed() {
        String service = "raw-" + UUID.randomUUID();
        byte[] request = OtlpGrpcClientsEndToEndTest.logsRequest(service, 3, "raw").toByteArray();
        RawGrpcCall.Answer answer = raw(Map.of(), RawGrpcCall.message(false, request));
        assertEquals("0", answer.grpcStatus(), answer.toString());
        await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).path("logs"),
                found -> found.size() == 3);
    }

    @Test
    void aConnectionRefusedWithGoAwayIsCounted() {
        URI grpc = URI.create(fluxtap.otlpGrpc());
        RawGrpcCall.Answer answer = RawGrpcCall.evenStreamId(grpc.getHost(), grpc.getPort(), ANSWER);
        assertEquals(1L, answer.goAwayCode(), "GOAWAY(PROTOCOL_ERROR): " + answer);
        assertRefusalCounted("goaway_protocol_error");
    }

    private String target() {
        return URI.create(fluxtap.otlpGrpc()).getAuthority();
    }

    private RawGrpcCall.Answer raw(Map<String, String> metadata, byte[] body) {
        URI grpc = URI.create(fluxtap.otlpGrpc());
        return RawGrpcCall.call(grpc.getHost(), grpc.getPort(), LOGS_PATH, metadata, body, ANSWER);
    }

    private void assertRefusalCounted(String reason) {
        Pattern line = Pattern.compile("^fluxtap_grpc_refused_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE);
        double count = await(ANSWER, () -> {
            Matcher m = line.matcher(get(fluxtap.api("/metrics")).body());
            return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
        }, value -> value >= 1);
        assertTrue(count >= 1);
    }

    private static byte[] smallRequest() {
        return OtlpGrpcClientsEndToEndTest.logsRequest("small-" + UUID.randomUUID(), 2, "small").toByteArray();
    }

    /** A valid request of 20 MB: one record whose body is 20 million 'x'. */
    private static byte[] hugeRequest(String service) {
        ExportLogsServiceRequest one = OtlpGrpcClientsEndToEndTest.logsRequest(service, 1, "x".repeat(20_000_000));
        return one.toByteArray();
    }
}
