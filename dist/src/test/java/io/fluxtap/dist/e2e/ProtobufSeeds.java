package io.fluxtap.dist.e2e;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;

/** Valid binary OTLP requests of each signal, built with the official generated classes. */
final class ProtobufSeeds {

    private static final long NOW_NANOS = System.currentTimeMillis() * 1_000_000L;
    private static final ByteString TRACE_ID = bytes("5b8efff798038103d269b633813fc60c");
    private static final ByteString SPAN_ID = bytes("eee19b7ec3c1b174");

    private ProtobufSeeds() {
    }

    static byte[] logs() {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource("fuzz-logs"))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(scope())
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW_NANOS).setSeverityNumberValue(13)
                                .setTraceId(TRACE_ID).setSpanId(SPAN_ID)
                                .setBody(AnyValue.newBuilder().setStringValue("fuzz me"))
                                .addAttributes(attribute("k", "v")))))
                .build().toByteArray();
    }

    /** One INFO log record with {@code body} from {@code service}, dated now. */
    static byte[] logsRequest(String service, String body) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource(service))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(scope())
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                                .setSeverityNumberValue(9).setBody(AnyValue.newBuilder().setStringValue(body)))))
                .build().toByteArray();
    }

    static byte[] traces() {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource("fuzz-traces"))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(scope())
                        .addSpans(Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setName("GET /fuzz")
                                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                                .setStartTimeUnixNano(NOW_NANOS).setEndTimeUnixNano(NOW_NANOS + 1_000_000)
                                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                                .addAttributes(attribute("http.route", "/fuzz"))
                                .addEvents(Span.Event.newBuilder().setTimeUnixNano(NOW_NANOS + 10).setName("e")))))
                .build().toByteArray();
    }

    static byte[] metrics() {
        NumberDataPoint point = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setAsDouble(1.5)
                .addAttributes(attribute("route", "/fuzz")).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource("fuzz-metrics"))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope())
                        .addMetrics(Metric.newBuilder().setName("fuzz_gauge").setGauge(Gauge.newBuilder().addDataPoints(point)))
                        .addMetrics(Metric.newBuilder().setName("fuzz_requests").setSum(Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(point.toBuilder().setStartTimeUnixNano(NOW_NANOS - 1_000_000_000L)
                                        .setAsDouble(7))))
                        .addMetrics(Metric.newBuilder().setName("fuzz_latency").setHistogram(Histogram.newBuilder()
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS)
                                        .setStartTimeUnixNano(NOW_NANOS - 1_000_000_000L)
                                        .setCount(3).setSum(0.6).addExplicitBounds(0.1).addExplicitBounds(0.5)
                                        .addBucketCounts(1).addBucketCounts(1).addBucketCounts(1))))))
                .build().toByteArray();
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(attribute("service.name", service)).build();
    }

    private static InstrumentationScope scope() {
        return InstrumentationScope.newBuilder().setName("fuzz").setVersion("1.0").build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
