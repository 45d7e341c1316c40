package io.fluxtap.ingestion.otlp.http;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.OtlpHttpTestServer;
import io.fluxtap.ingestion.testing.TestLanes;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/metrics} over real HTTP into real lanes; only the store is fake. */
class OtlpHttpMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long T0 = 1_700_000_000_000_000_000L;

    @RegisterExtension
    final OtlpHttpTestServer server = OtlpHttpTestServer.perTest();

    @Test
    void samplesGoToTheTelemetryLaneAndBadPointsArePartialSuccess() throws Exception {
        double acceptedBefore = counter(IngestMetrics.RECORDS, "lane", "P2");
        Metric gauge = Metric.newBuilder().setName("cpu.load").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsDouble(0.75))).build();
        Metric histogram = Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(3)
                        .addExplicitBounds(1).addAllBucketCounts(List.of(1L, 1L)))).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("api"))))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(histogram)))
                .build();

        HttpResponse<byte[]> response = post("application/x-protobuf", request.toByteArray());

        assertEquals(200, response.statusCode());
        ExportMetricsServiceResponse reply = ExportMetricsServiceResponse.parseFrom(response.body());
        assertEquals(1, reply.getPartialSuccess().getRejectedDataPoints());
        assertEquals("1 data points rejected: histogram bucket_counts add up to 2, not to its count 3"
                        + " (first: resourceMetrics[0].scopeMetrics[0].metrics[1].dataPoints[0])",
                reply.getPartialSuccess().getErrorMessage());
        until(() -> samples().size() == 1, WAIT, () -> "stored samples: " + samples());
        MetricSample sample = samples().getFirst();
        assertEquals("cpu_load", sample.name());
        assertEquals(0.75, sample.value());
        assertEquals("api", sample.labels().get("job"));
        assertTrue(server.sink().batches().stream().filter(b -> !b.metrics().isEmpty()).allMatch(b -> b.lane() == Lane.P2));
        assertEquals(acceptedBefore + 1, counter(IngestMetrics.RECORDS, "lane", "P2"));
    }

    @Test
    void jsonDeltaCountersAreStoredCumulativeAndAnsweredInJson() throws Exception {
        String template = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"hits","sum":{"isMonotonic":true,
                  "aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA","dataPoints":[
                  {"startTimeUnixNano":"%d","timeUnixNano":"%d","asInt":"%d"}]}}]}]}]}""";

        for (long[] delta : new long[][]{{0, 1, 4}, {1, 2, 6}}) {
            String json = template.formatted(T0 + delta[0] * 1_000_000_000L, T0 + delta[1] * 1_000_000_000L, delta[2]);
            HttpResponse<byte[]> response = post("application/json", json.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, response.statusCode());
            assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
        }

        until(() -> samples().size() == 2, WAIT, () -> "stored samples: " + samples());
        assertEquals(List.of(4.0, 10.0), samples().stream().map(MetricSample::value).toList());
        assertEquals(List.of("hits_total", "hits_total"), samples().stream().map(MetricSample::name).toList());
    }

    private List<MetricSample> samples() {
        return server.sink().batches().stream().map(RecordBatch::metrics).flatMap(List::stream).toList();
    }

    private double counter(String name, String tag, String value) {
        return server.counter(name, "signal", "metrics", tag, value);
    }

    private HttpResponse<byte[]> post(String contentType, byte[] body) {
        return server.post("metrics", contentType, body, false);
    }
}
