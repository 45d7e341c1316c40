package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OTLP/gRPC from clients of other HTTP/2 implementations than grpc-java (which {@link OtlpGrpcEndToEndTest}
 * drives through the Java SDK): the gRPC C-core, whose HPACK encoder sends {@code :path} and {@code :authority}
 * as literals with literal names, and Node's @grpc/grpc-js. Each exports logs, traces and metrics, read back
 * exactly through the REST API.
 */
class OtlpGrpcClientsEndToEndTest extends FluxtapEndToEnd {

    private static final Duration STORED = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void cCoreExportsLogsTracesAndMetricsExactly() {
        everySignal(GrpcClient.C_CORE, false);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void cCoreGzipExportsAreStoredExactly() {
        everySignal(GrpcClient.C_CORE, true);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void grpcJsExportsLogsTracesAndMetricsExactly() {
        everySignal(GrpcClient.GRPC_JS, false);
        everySignal(GrpcClient.GRPC_JS, true);
    }

    private void everySignal(GrpcClient client, boolean gzip) {
        String service = client.name().toLowerCase() + (gzip ? "-gzip-" : "-") + UUID.randomUUID();
        logs(client, gzip, service);
        traces(client, gzip, service);
        metrics(client, gzip, service);
    }

    private void logs(GrpcClient client, boolean gzip, String service) {
        int count = 20;
        GrpcClient.Answer answer = client.export(target(), LogsServiceGrpc.getExportMethod().getFullMethodName(),
                logsRequest(service, count, "record").toByteArray(), gzip);
        assertEquals(new GrpcClient.Answer("OK", "", ""), answer, "an empty response: everything accepted");
        JsonNode logs = await(STORED,
                () -> json(get(fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service)))).get("logs"),
                found -> found.size() == count);
        for (int i = 0; i < count; i++) {
            JsonNode log = logs.get(count - 1 - i);
            assertEquals("record " + i, log.get("body").asText(), "newest first, bodies exact");
            assertEquals(i, log.get("attributes").get("n").asLong());
            assertEquals(i % 2 == 0 ? "info" : "warn", log.get("level").asText());
            assertEquals(service, log.get("entity_name").asText());
        }
    }

    private void traces(GrpcClient client, boolean gzip, String service) {
        byte[] traceId = randomBytes(16);
        byte[] rootId = randomBytes(8);
        byte[] childId = randomBytes(8);
        long start = System.currentTimeMillis() * 1_000_000L;
        Span root = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(rootId))
                .setName("GET /orders").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 5_000_000).build();
        Span child = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(childId))
                .setParentSpanId(ByteString.copyFrom(rootId)).setName("SELECT orders")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT).addAttributes(attribute("db.system", "duckdb"))
                .setStartTimeUnixNano(start + 1_000_000).setEndTimeUnixNano(start + 4_000_000).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(root).addSpans(child)))
                .build();
        GrpcClient.Answer answer = client.export(target(), TraceServiceGrpc.getExportMethod().getFullMethodName(),
                request.toByteArray(), gzip);
        assertEquals(new GrpcClient.Answer("OK", "", ""), answer);
        String hexTrace = HexFormat.of().formatHex(traceId);
        JsonNode spans = await(STORED, () -> json(get(fluxtap.api("/api/v1/traces/" + hexTrace))).path("spans"),
                found -> found.size() == 2);
        JsonNode storedRoot = spans.get(0);
        JsonNode storedChild = spans.get(1);
        assertEquals("GET /orders", storedRoot.get("name").asText());
        assertEquals(HexFormat.of().formatHex(rootId), storedRoot.get("span_id").asText());
        assertEquals("server", storedRoot.get("kind").asText());
        assertEquals("SELECT orders", storedChild.get("name").asText());
        assertEquals(HexFormat.of().formatHex(rootId), storedChild.get("parent_span_id").asText());
        assertEquals("duckdb", storedChild.get("attributes").get("db.system").asText());
        assertEquals(service, storedChild.get("entity_name").asText());
    }

    private void metrics(GrpcClient client, boolean gzip, String service) {
        String name = "grpc_clients_" + UUID.randomUUID().toString().replace("-", "");
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(service))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(name)
                                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                        .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                                        .setAsDouble(42.5).addAttributes(attribute("route", "/orders")))))))
                .build();
        GrpcClient.Answer answer = client.export(target(), MetricsServiceGrpc.getExportMethod().getFullMethodName(),
                request.toByteArray(), gzip);
        assertEquals(new GrpcClient.Answer("OK", "", ""), answer);
        JsonNode samples = await(STORED,
                () -> json(get(fluxtap.api("/api/v1/metrics/samples?name=" + name))).path("samples"),
                found -> found.size() >= 1);
        assertEquals(1, samples.size());
        assertEquals(42.5, samples.get(0).get("value").asDouble());
        assertEquals("/orders", samples.get(0).get("labels").get("route").asText());
        assertEquals(service, samples.get(0).get("labels").get("job").asText());
    }

    private String target() {
        return URI.create(fluxtap.otlpGrpc()).getAuthority();
    }

    /** {@code count} log records "{@code body} i" with attribute n=i, INFO and WARN alternating, oldest first. */
    static ExportLogsServiceRequest logsRequest(String service, int count, String body) {
        long now = System.currentTimeMillis();
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < count; i++) {
            scope.addLogRecords(LogRecord.newBuilder()
                    .setTimeUnixNano((now - count + i) * 1_000_000L)
                    .setSeverityNumber(i % 2 == 0 ? SeverityNumber.SEVERITY_NUMBER_INFO : SeverityNumber.SEVERITY_NUMBER_WARN)
                    .setBody(AnyValue.newBuilder().setStringValue(body + " " + i))
                    .addAttributes(KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(i))));
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service)).addScopeLogs(scope))
                .build();
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(attribute("service.name", service)).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
