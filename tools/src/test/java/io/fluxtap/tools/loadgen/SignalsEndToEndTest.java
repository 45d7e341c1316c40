package io.fluxtap.tools.loadgen;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Traces and metrics over OTLP/HTTP against a real receiver in the test that parses every request. */
class SignalsEndToEndTest {

    @Test
    void sendsExactlyTheRequestedSpansAsWholeTraces() throws Exception {
        try (OtlpSignalsTestServer server = new OtlpSignalsTestServer(new byte[0])) {
            long before = OtlpTestServer.unixNanosNow();

            RunOutcome outcome = RunOutcome.of("--signal", "traces", "--endpoint", server.endpoint(),
                    "--records", "1000", "--batch", "64", "--service", "shop", "--attr", "audit=true");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(List.of(), server.invalid());
            List<ExportTraceServiceRequest> requests = server.traces();
            assertEquals(16, requests.size(), "15 batches of 64 and one of 40");
            assertEquals(1000, requests.stream().mapToLong(OtlpSignalsTestServer::spans).sum());
            Set<String> services = new HashSet<>();
            Set<Span.SpanKind> kinds = new HashSet<>();
            int roots = 0;
            for (ExportTraceServiceRequest request : requests) {
                Set<String> spanIds = new HashSet<>();
                List<Span> spans = request.getResourceSpansList().stream()
                        .flatMap(resource -> resource.getScopeSpansList().stream())
                        .flatMap(scope -> scope.getSpansList().stream()).toList();
                spans.forEach(span -> spanIds.add(span.getTraceId().toStringUtf8() + span.getSpanId().toStringUtf8()));
                for (Span span : spans) {
                    assertEquals(16, span.getTraceId().size());
                    assertEquals(8, span.getSpanId().size());
                    assertTrue(span.getStartTimeUnixNano() < span.getEndTimeUnixNano());
                    // Traces end when they are sent and last at most 200 ms.
                    assertTrue(span.getStartTimeUnixNano() >= before - 200_000_000L, "times are of the sending");
                    assertEquals("true", attributes(span.getAttributesList()).get("audit"));
                    kinds.add(span.getKind());
                    if (span.getParentSpanId().isEmpty()) {
                        assertTrue(span.getEndTimeUnixNano() >= before, "a root span ends at sending");
                        roots++;
                    } else {
                        assertTrue(spanIds.contains(span.getTraceId().toStringUtf8()
                                        + span.getParentSpanId().toStringUtf8()),
                                "the parent of " + span.getName() + " is in the same request");
                    }
                }
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    services.add(attributes(resource.getResource().getAttributesList()).get("service.name"));
                }
            }
            assertEquals(Set.of("shop", "cart", "payment", "inventory"), services);
            assertEquals(Set.of(Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_CLIENT), kinds);
            assertTrue(roots >= 1000 / 10 && roots < 1000 / 5, roots + " traces of up to 10 spans in 1000 spans");
            assertTrue(outcome.out().contains("records   sent 1000, accepted 1000, rejected 0, failed 0"),
                    outcome.out());
            assertTrue(outcome.out().contains("/v1/traces"), outcome.out());
        }
    }

    @Test
    void sendsExactlyTheRequestedDataPointsOfEveryKind() throws Exception {
        try (OtlpSignalsTestServer server = new OtlpSignalsTestServer(new byte[0])) {

            RunOutcome outcome = RunOutcome.of("--signal", "metrics", "--endpoint", server.endpoint(),
                    "--records", "3000", "--batch", "300", "--connections", "1");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(List.of(), server.invalid());
            List<ExportMetricsServiceRequest> requests = server.metrics();
            assertEquals(10, requests.size());
            Map<Metric.DataCase, Long> pointsByKind = new HashMap<>();
            long previousCount = -1;
            for (ExportMetricsServiceRequest request : requests) {
                assertEquals(300, OtlpSignalsTestServer.dataPoints(request), "--batch is data points per request");
                assertEquals("loadgen", attributes(request.getResourceMetrics(0).getResource().getAttributesList())
                        .get("service.name"));
                for (Metric metric : request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
                    long points = switch (metric.getDataCase()) {
                        case GAUGE -> metric.getGauge().getDataPointsCount();
                        case SUM -> {
                            assertTrue(metric.getSum().getIsMonotonic());
                            for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                                assertTrue(point.getStartTimeUnixNano() < point.getTimeUnixNano());
                            }
                            yield metric.getSum().getDataPointsCount();
                        }
                        case HISTOGRAM -> {
                            for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                                assertEquals(point.getExplicitBoundsCount() + 1, point.getBucketCountsCount());
                                assertEquals(point.getCount(),
                                        point.getBucketCountsList().stream().mapToLong(Long::longValue).sum());
                                assertTrue(point.getCount() > previousCount, "cumulative counts grow");
                                previousCount = point.getCount();
                            }
                            yield metric.getHistogram().getDataPointsCount();
                        }
                        default -> throw new AssertionError("unexpected " + metric.getDataCase());
                    };
                    pointsByKind.merge(metric.getDataCase(), points, Long::sum);
                }
            }
            assertEquals(Map.of(Metric.DataCase.GAUGE, 1000L, Metric.DataCase.SUM, 1000L,
                    Metric.DataCase.HISTOGRAM, 1000L), pointsByKind);
            assertTrue(outcome.out().contains("records   sent 3000, accepted 3000, rejected 0, failed 0"),
                    outcome.out());
        }
    }

    @Test
    void rejectedSpansAreCounted() throws Exception {
        byte[] partial = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(4).setErrorMessage("4 spans too old"))
                .build().toByteArray();
        try (OtlpSignalsTestServer server = new OtlpSignalsTestServer(partial)) {

            RunOutcome outcome = RunOutcome.of("--signal", "traces", "--endpoint", server.endpoint(),
                    "--records", "500");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(5, server.traces().size());
            assertTrue(outcome.out().contains("sent 500, accepted 480, rejected 20, failed 0"), outcome.out());
            assertTrue(outcome.out().contains("partial success: 4 spans too old"), outcome.out());
        }
    }

    @Test
    void rejectedDataPointsAreCounted() throws Exception {
        byte[] partial = ExportMetricsServiceResponse.newBuilder()
                .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(7).setErrorMessage("7 points out of order"))
                .build().toByteArray();
        try (OtlpSignalsTestServer server = new OtlpSignalsTestServer(partial)) {

            RunOutcome outcome = RunOutcome.of("--signal", "metrics", "--endpoint", server.endpoint(),
                    "--records", "200");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertFalse(server.metrics().isEmpty());
            assertTrue(outcome.out().contains("sent 200, accepted 186, rejected 14, failed 0"), outcome.out());
            assertTrue(outcome.out().contains("partial success: 7 points out of order"), outcome.out());
        }
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> map = new HashMap<>();
        keyValues.forEach(kv -> map.put(kv.getKey(), kv.getValue().hasStringValue()
                ? kv.getValue().getStringValue() : String.valueOf(kv.getValue().getIntValue())));
        return map;
    }
}
