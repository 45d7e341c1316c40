package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad request gets its documented answer, stores nothing, and leaves the server serving
 * (checked after each case by a good request that must still be stored).
 */
class BadInputEndToEndTest extends FluxtapEndToEnd {

    private final String service = "bad-input-" + UUID.randomUUID();

    @Test
    void truncatedProtobufIs400WithAMessage() {
        byte[] valid = request("should never be stored").toByteArray();
        HttpResponse<String> response = post(logsUri(), "application/x-protobuf", Arrays.copyOf(valid, valid.length - 7));
        assertEquals(400, response.statusCode());
        assertFalse(response.body().isBlank(), "a 400 must say what was wrong");
    }

    @Test
    void garbledJsonIs400NamingTheProblem() {
        HttpResponse<String> response = post(logsUri(), "application/json",
                "{\"resourceLogs\": [ {\"scopeLogs\": oops".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().toLowerCase(Locale.ROOT).contains("json"), response.body());
    }

    @Test
    void jsonWithWrongTypesIs400() {
        HttpResponse<String> response = post(logsUri(), "application/json",
                "{\"resourceLogs\": {\"not\": \"an array\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void wrongContentTypeIs415() {
        HttpResponse<String> response = post(logsUri(), "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, response.statusCode());
        assertFalse(response.body().isBlank());
    }

    @Test
    void missingContentTypeIs415() {
        HttpResponse<String> response = post(logsUri(), null, request("x").toByteArray());
        assertEquals(415, response.statusCode());
    }

    @Test
    void bodyOverTheLimitIs413() {
        // The test container keeps the default limit of 16 MiB.
        byte[] huge = request("y".repeat(17 * 1024 * 1024)).toByteArray();
        HttpResponse<String> response = post(logsUri(), "application/x-protobuf", huge);
        assertEquals(413, response.statusCode());
    }

    @Test
    void gzipThatExpandsOverTheLimitIs413() {
        byte[] bomb = TestHttp.gzip(request("z".repeat(20 * 1024 * 1024)).toByteArray());
        assertTrue(bomb.length < 1024 * 1024, "the compressed body itself is small");
        HttpResponse<String> response = post(logsUri(), "application/x-protobuf", bomb, "Content-Encoding", "gzip");
        assertEquals(413, response.statusCode());
    }

    @Test
    void gzipHeaderOnPlainBytesIs400() {
        HttpResponse<String> response = post(logsUri(), "application/x-protobuf", request("w").toByteArray(),
                "Content-Encoding", "gzip");
        assertEquals(400, response.statusCode());
    }

    @Test
    void badQueryParametersAre400() {
        for (String query : new String[] {"level=loud", "from=yesterday", "limit=0", "limit=abc",
                "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"}) {
            HttpResponse<String> response = get(fluxtap.api("/api/v1/logs?" + query));
            assertEquals(400, response.statusCode(), query);
            assertTrue(json(response).hasNonNull("error"), query + " -> " + response.body());
        }
    }

    /** After every bad request: nothing of it was stored and the server still stores good records. */
    @AfterEach
    void serverStillServesAndStoredNothingBad() {
        assertEquals(200, post(logsUri(), "application/x-protobuf", request("good record").toByteArray()).statusCode());
        var logs = TestHttp.await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).get("logs"),
                found -> found.size() >= 1);
        assertEquals(1, logs.size(), "only the good record is stored: " + logs);
        assertEquals("good record", logs.get(0).get("body").asText());
        assertEquals(200, get(fluxtap.api("/health/live")).statusCode());
    }

    private URI logsUri() {
        return URI.create(fluxtap.otlpHttpBase() + "/v1/logs");
    }

    private ExportLogsServiceRequest request(String body) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                                .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service))))
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                                .setSeverityNumberValue(9)
                                .setBody(AnyValue.newBuilder().setStringValue(body)))))
                .build();
    }
}
