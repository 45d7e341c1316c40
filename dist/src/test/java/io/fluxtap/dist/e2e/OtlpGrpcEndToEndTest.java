package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK's gRPC exporters against Fluxtap's OTLP/gRPC socket. */
class OtlpGrpcEndToEndTest extends FluxtapEndToEnd {

    @Test
    void logsOverGrpcAreStoredExactly() {
        logsOverGrpc("none");
    }

    @Test
    void gzipCompressedGrpcMessagesAreAccepted() {
        logsOverGrpc("gzip");
    }

    @Test
    void tracesOverGrpcAreStoredWithTheirTree() {
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(fluxtap.otlpGrpc()).build();
        String traceId;
        String rootId;
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "grpc-traces")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("grpc-test");
            Span root = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = root.makeCurrent()) {
                tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("db.system", "duckdb").startSpan().end();
            }
            root.end();
            traceId = root.getSpanContext().getTraceId();
            rootId = root.getSpanContext().getSpanId();
            assertTrue(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "the SDK's gRPC export failed");
        }
        JsonNode spans = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/traces/" + traceId))).path("spans"),
                found -> found.size() == 2);
        JsonNode root = spans.get(0).get("span_id").asText().equals(rootId) ? spans.get(0) : spans.get(1);
        JsonNode child = root == spans.get(0) ? spans.get(1) : spans.get(0);
        assertEquals("GET /orders", root.get("name").asText());
        assertEquals("server", root.get("kind").asText());
        assertEquals("SELECT orders", child.get("name").asText());
        assertEquals(rootId, child.get("parent_span_id").asText());
        assertEquals("duckdb", child.get("attributes").get("db.system").asText());
        assertEquals("grpc-traces", child.get("entity_name").asText());
    }

    @Test
    void metricsOverGrpcShareTheHttpPipeline() {
        String name = "grpc_orders_" + UUID.randomUUID().toString().replace("-", "");
        OtlpGrpcMetricExporter exporter = OtlpGrpcMetricExporter.builder().setEndpoint(fluxtap.otlpGrpc()).build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "grpc-metrics")))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build()) {
            provider.get("grpc-test").counterBuilder(name).build()
                    .add(5, Attributes.of(AttributeKey.stringKey("route"), "/orders"));
            assertTrue(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "the SDK's gRPC export failed");
        }
        JsonNode sample = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/metrics/samples?name=" + name + "_total"))).path("samples"),
                found -> found.size() >= 1).get(0);
        assertEquals(5.0, sample.get("value").asDouble());
        assertEquals("/orders", sample.get("labels").get("route").asText());
        assertEquals("grpc-metrics", sample.get("labels").get("job").asText());
    }

    private void logsOverGrpc(String compression) {
        String service = "grpc-" + compression + "-" + UUID.randomUUID();
        OtlpGrpcLogRecordExporter exporter = OtlpGrpcLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpGrpc()).setCompression(compression).build();
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build()) {
            Logger logger = provider.get("grpc-test");
            for (int i = 0; i < 50; i++) {
                logger.logRecordBuilder().setSeverity(i % 2 == 0 ? Severity.INFO : Severity.WARN)
                        .setBody("grpc record " + i)
                        .setAttribute(AttributeKey.longKey("n"), (long) i).emit();
            }
            CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
            assertTrue(flushed.isSuccess(), "the SDK's gRPC export to Fluxtap failed");
        }
        JsonNode logs = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service)))).get("logs"),
                found -> found.size() == 50);
        for (int i = 0; i < 50; i++) {
            JsonNode log = logs.get(49 - i);
            assertEquals("grpc record " + i, log.get("body").asText(), "newest first, bodies exact");
            assertEquals(i, log.get("attributes").get("n").asLong());
            assertEquals(i % 2 == 0 ? "info" : "warn", log.get("level").asText());
        }
    }
}
