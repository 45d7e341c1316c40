package io.fluxtap.ingestion.otlp.http;

import com.google.protobuf.ByteString;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.OtlpHttpTestServer;
import io.fluxtap.ingestion.testing.TestLanes;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue #10 item 14: a record dated more than {@code fluxtap.ingest.max-future-skew} (10 minutes) ahead of the server
 * clock is refused one by one with OTLP partial success naming the reason, and counted as
 * {@code fluxtap_ingest_rejected_total{reason="timestamp_out_of_range"}}; its neighbours in the request are stored.
 * The server clock is fixed, so "ahead" is exact: 10 minutes ahead is taken, a nanosecond more is not.
 */
class OtlpFutureTimestampTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final long SKEW_NANOS = Duration.ofMinutes(10).toNanos();
    /** timeUnixNano = 2^64-1, the year 2554. */
    private static final long MAX_FIXED64 = -1L;
    private static final String REASON = "timestamp is more than 10m ahead of the server clock";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OtlpHttpTestServer server = OtlpHttpTestServer.perTest(1 << 20, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aLogFromTheYear2554IsRefusedAndItsNeighboursAreStored() throws Exception {
        double before = rejected("logs");
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(log("before", NOW_NANOS - 1))
                        .addLogRecords(log("2554", MAX_FIXED64))
                        .addLogRecords(log("at the limit", NOW_NANOS + SKEW_NANOS))
                        .addLogRecords(log("just past", NOW_NANOS + SKEW_NANOS + 1)))).build();

        ExportLogsServiceResponse reply = ExportLogsServiceResponse.parseFrom(post("logs", request.toByteArray()));

        assertEquals(2, reply.getPartialSuccess().getRejectedLogRecords());
        assertEquals("2 rejected: " + REASON + " (first: resourceLogs[0].scopeLogs[0].logRecords[1] at "
                + "2554-07-21T23:34:33.709551615Z)", reply.getPartialSuccess().getErrorMessage());
        until(() -> server.sink().records().size() == 2, WAIT, () -> "stored: " + server.sink().records());
        assertEquals(List.of("before", "at the limit"), server.sink().records().stream().map(LogRecord::body).toList());
        assertEquals(before + 2, rejected("logs"));
    }

    @Test
    void aSpanStartingOrEndingTooFarAheadIsRefusedAndItsNeighboursAreStored() throws Exception {
        double before = rejected("traces");
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(span("kept", 1, NOW_NANOS, NOW_NANOS + 5))
                        .addSpans(span("starts in 2554", 2, MAX_FIXED64 - 10, MAX_FIXED64))
                        .addSpans(span("ends too late", 3, NOW_NANOS, NOW_NANOS + SKEW_NANOS + 1))
                        .addSpans(span("also kept", 4, NOW_NANOS, NOW_NANOS + SKEW_NANOS)))).build();

        ExportTraceServiceResponse reply = ExportTraceServiceResponse.parseFrom(post("traces", request.toByteArray()));

        assertEquals(2, reply.getPartialSuccess().getRejectedSpans());
        assertEquals("2 rejected: " + REASON + " (first: resourceSpans[0].scopeSpans[0].spans[1] at "
                + "2554-07-21T23:34:33.709551605Z)", reply.getPartialSuccess().getErrorMessage());
        until(() -> spans().size() == 2, WAIT, () -> "stored: " + spans());
        assertEquals(List.of("kept", "also kept"), spans().stream().map(SpanRecord::name).toList());
        assertEquals(before + 2, rejected("traces"));
    }

    @Test
    void aMetricPointTooFarAheadIsRefusedAndItsNeighboursAreStored() throws Exception {
        double before = rejected("metrics");
        Metric gauge = Metric.newBuilder().setName("queue_depth").setGauge(Gauge.newBuilder()
                .addDataPoints(point(1, NOW_NANOS))
                .addDataPoints(point(2, MAX_FIXED64))
                .addDataPoints(point(3, NOW_NANOS + SKEW_NANOS))).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge))).build();

        ExportMetricsServiceResponse reply = ExportMetricsServiceResponse.parseFrom(post("metrics", request.toByteArray()));

        assertEquals(1, reply.getPartialSuccess().getRejectedDataPoints());
        assertEquals("1 data points rejected: " + REASON
                + " (first: resourceMetrics[0].scopeMetrics[0].metrics[0].dataPoints[1])",
                reply.getPartialSuccess().getErrorMessage());
        until(() -> samples().size() == 2, WAIT, () -> "stored: " + samples());
        assertEquals(List.of(1.0, 3.0), samples().stream().map(MetricSample::value).toList());
        assertEquals(before + 1, rejected("metrics"));
    }

    private static io.opentelemetry.proto.logs.v1.LogRecord log(String body, long timeUnixNano) {
        return io.opentelemetry.proto.logs.v1.LogRecord.newBuilder().setTimeUnixNano(timeUnixNano)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                .setBody(AnyValue.newBuilder().setStringValue(body)).build();
    }

    private static Span span(String name, int id, long start, long end) {
        return Span.newBuilder().setName(name)
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("%016x".formatted(id))))
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end).build();
    }

    private static NumberDataPoint point(double value, long timeUnixNano) {
        return NumberDataPoint.newBuilder().setAsDouble(value).setTimeUnixNano(timeUnixNano).build();
    }

    private List<SpanRecord> spans() {
        return server.sink().batches().stream().flatMap(b -> b.spans().stream()).toList();
    }

    private List<MetricSample> samples() {
        return server.sink().batches().stream().flatMap(b -> b.metrics().stream()).toList();
    }

    private double rejected(String signal) {
        return server.counter(IngestMetrics.REJECTED, "signal", signal, "reason", "timestamp_out_of_range");
    }

    private byte[] post(String signal, byte[] body) throws Exception {
        HttpResponse<byte[]> response = server.post(signal, "application/x-protobuf", body, false);
        assertEquals(200, response.statusCode(), () -> new String(response.body()));
        return response.body();
    }
}
