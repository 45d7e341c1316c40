package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.postForBytes;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 items 8 and 14 over the wire: OTLP/HTTP protobuf in, the REST API out. A log and a span read back with
 * every OTLP field as sent (nanosecond times, severity text, the scope's name, version and attributes); a log dated
 * 2^64-1 ns (the year 2554) is refused with a partial success while its neighbour is stored, and the live tail goes
 * on handing out the records that follow.
 */
class OtlpFieldsEndToEndTest extends FluxtapEndToEnd {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anOtlpLogAndSpanReadBackWithEveryFieldAsSent() throws Exception {
        String service = "fields-" + UUID.randomUUID();
        String traceId = "5b8efff798038103d269b633813fc60c";
        long time = nanos(Instant.now().minusSeconds(5)) / 1000 * 1000 + 789; // below the microsecond
        long observed = time + 1_001;
        InstrumentationScope scope = InstrumentationScope.newBuilder().setName("io.shop.disk").setVersion("2.1.0")
                .addAttributes(kv("scope.tier", AnyValue.newBuilder().setIntValue(2).build()))
                .addAttributes(kv("scope.kind", AnyValue.newBuilder().setStringValue("library").build())).build();
        LogRecord log = LogRecord.newBuilder().setTimeUnixNano(time).setObservedTimeUnixNano(observed)
                .setSeverityNumberValue(13).setSeverityText("Warnung")
                .setBody(AnyValue.newBuilder().setStringValue("disk almost full"))
                .setTraceId(bytes(traceId)).setSpanId(bytes("eee19b7ec3c1b174")).build();
        ExportLogsServiceRequest logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource(service)).addScopeLogs(ScopeLogs.newBuilder().setScope(scope).addLogRecords(log)))
                .build();
        Span span = Span.newBuilder().setTraceId(bytes(traceId)).setSpanId(bytes("eee19b7ec3c1b174"))
                .setName("GET /disk").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(time + 1).setEndTimeUnixNano(time + 1_234_567).build();
        ExportTraceServiceRequest traces = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource(service)).addScopeSpans(ScopeSpans.newBuilder().setScope(scope).addSpans(span)))
                .build();

        assertEquals(0, ExportLogsServiceResponse.parseFrom(ok(post("/v1/logs", logs.toByteArray())))
                .getPartialSuccess().getRejectedLogRecords());
        assertEquals(0, ExportTraceServiceResponse.parseFrom(ok(post("/v1/traces", traces.toByteArray())))
                .getPartialSuccess().getRejectedSpans());

        JsonNode read = await(WAIT, () -> json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).get("logs"),
                found -> found.size() == 1).get(0);
        assertEquals("disk almost full", read.get("body").asText());
        assertEquals(13, read.get("severity_number").asInt());
        assertEquals("warn", read.get("level").asText());
        assertEquals("Warnung", field(read, "severity_text").asText());
        assertEquals(Long.toUnsignedString(time), field(read, "time_unix_nano").asText());
        assertEquals(Long.toUnsignedString(observed), field(read, "observed_time_unix_nano").asText());
        assertEquals("io.shop.disk", field(read, "scope_name").asText());
        assertEquals("2.1.0", field(read, "scope_version").asText());
        assertEquals(parse("{\"scope.tier\":2,\"scope.kind\":\"library\"}"), field(read, "scope_attributes"));
        assertEquals(traceId, read.get("trace_id").asText());

        HttpResponse<String> trace = await(WAIT, () -> get(fluxtap.api("/api/v1/traces/" + traceId)),
                response -> response.statusCode() == 200 && json(response).get("span_count").asInt() == 1);
        JsonNode stored = json(trace).get("spans").get(0);
        assertEquals("GET /disk", stored.get("name").asText());
        assertEquals(Long.toUnsignedString(time + 1), field(stored, "start_time_unix_nano").asText());
        assertEquals(Long.toUnsignedString(time + 1_234_567), field(stored, "end_time_unix_nano").asText());
        assertEquals(1_234_566, stored.get("duration_ns").asLong());
        assertEquals("io.shop.disk", field(stored, "scope_name").asText());
        assertEquals("2.1.0", field(stored, "scope_version").asText());
        assertEquals(parse("{\"scope.tier\":2,\"scope.kind\":\"library\"}"), field(stored, "scope_attributes"));
    }

    @Test
    void aLogFromTheYear2554IsRefusedAndTheLiveTailGoesOn() throws Exception {
        String service = "tail-" + UUID.randomUUID();
        long now = nanos(Instant.now());
        ok(post("/v1/logs", logs(service, record("first", now)).toByteArray()));
        JsonNode firstTail = await(WAIT, () -> tail(service, null), page -> page.get("count").asInt() == 1);
        String cursor = firstTail.get("cursor").asText();

        ExportLogsServiceResponse reply = ExportLogsServiceResponse.parseFrom(ok(post("/v1/logs",
                logs(service, record("from 2554", -1L), record("second", now + 1_000)).toByteArray())));

        assertEquals(1, reply.getPartialSuccess().getRejectedLogRecords());
        assertTrue(reply.getPartialSuccess().getErrorMessage().contains(
                "timestamp is more than 10m ahead of the server clock"), reply.getPartialSuccess().getErrorMessage());
        JsonNode second = await(WAIT, () -> tail(service, cursor), page -> page.get("count").asInt() > 0);
        assertEquals(List.of("second"), bodies(second));

        ok(post("/v1/logs", logs(service, record("third", nanos(Instant.now()))).toByteArray()));
        String next = second.get("cursor").asText();
        JsonNode third = await(WAIT, () -> tail(service, next), page -> page.get("count").asInt() > 0);
        assertEquals(List.of("third"), bodies(third), "the tail hands out what follows");
        assertEquals(List.of("third", "second", "first"),
                bodies(json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service))))), "newest first");
        String exposition = get(fluxtap.api("/metrics")).body();
        assertTrue(exposition.lines().anyMatch(line -> line.startsWith("fluxtap_ingest_rejected_total{")
                && line.contains("reason=\"timestamp_out_of_range\"") && line.contains("signal=\"logs\"")),
                "counted in fluxtap_ingest_rejected_total");
    }

    /** The field, failing clearly when the API does not have it. */
    private static JsonNode field(JsonNode record, String name) {
        assertTrue(record.has(name), () -> "no field " + name + " in " + record);
        return record.get(name);
    }

    private JsonNode tail(String service, String after) {
        return json(get(fluxtap.api("/api/v1/logs/tail?entity_name=" + q(service)
                + (after == null ? "" : "&after=" + q(after)))));
    }

    private static List<String> bodies(JsonNode page) {
        List<String> bodies = new java.util.ArrayList<>();
        page.get("logs").forEach(log -> bodies.add(log.get("body").asText()));
        return bodies;
    }

    private static ExportLogsServiceRequest logs(String service, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service))
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records)))).build();
    }

    private static LogRecord record(String body, long timeUnixNano) {
        return LogRecord.newBuilder().setTimeUnixNano(timeUnixNano).setSeverityNumberValue(9)
                .setBody(AnyValue.newBuilder().setStringValue(body)).build();
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(kv("service.name",
                AnyValue.newBuilder().setStringValue(service).build())).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private HttpResponse<byte[]> post(String path, byte[] body) {
        return postForBytes(java.net.URI.create(fluxtap.otlpHttpBase() + path), PROTOBUF, body);
    }

    private static byte[] ok(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> new String(response.body()));
        return response.body();
    }

    private static JsonNode parse(String text) {
        try {
            return TestHttp.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
