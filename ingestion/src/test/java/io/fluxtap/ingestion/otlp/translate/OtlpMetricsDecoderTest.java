package io.fluxtap.ingestion.otlp.translate;

import com.google.protobuf.ByteString;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.ingestion.otlp.OtlpEncoding;
import io.fluxtap.ingestion.otlp.OtlpJsonTest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtlpMetricsDecoderTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long STALE_BITS = 0x7ff0000000000002L;

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void decodesTheUpstreamMetricsExample() throws Exception {
        ExportMetricsServiceRequest request = OtlpEncoding.JSON.parse(
                OtlpJsonTest.example("metrics.json").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                ExportMetricsServiceRequest.getDefaultInstance());

        Decoded<MetricSample> decoded = decoder.decode(request);

        assertEquals(0, decoded.rejected(), decoded.rejectionMessage());
        Instant ts = Instant.ofEpochSecond(1_544_712_660L, 300_000_000L);
        assertEquals(List.of(
                "my_counter_total{job=my.service, my_counter_attr=some value} 5.0 COUNTER",
                "my_gauge{job=my.service, my_gauge_attr=some value} 10.0 GAUGE",
                "my_histogram_bucket{job=my.service, le=1, my_histogram_attr=some value} 1.0 HISTOGRAM",
                "my_histogram_bucket{job=my.service, le=+Inf, my_histogram_attr=some value} 2.0 HISTOGRAM",
                "my_histogram_sum{job=my.service, my_histogram_attr=some value} 2.0 HISTOGRAM",
                "my_histogram_count{job=my.service, my_histogram_attr=some value} 2.0 HISTOGRAM",
                // scale 0: base 2; zero bucket (1), bucket 1 = (2,4] (0), bucket 2 = (4,8] (2)
                "my_exponential_histogram_bucket{job=my.service, le=0, my_exponential_histogram_attr=some value} 1.0 HISTOGRAM",
                "my_exponential_histogram_bucket{job=my.service, le=4, my_exponential_histogram_attr=some value} 1.0 HISTOGRAM",
                "my_exponential_histogram_bucket{job=my.service, le=8, my_exponential_histogram_attr=some value} 3.0 HISTOGRAM",
                "my_exponential_histogram_bucket{job=my.service, le=+Inf, my_exponential_histogram_attr=some value} 3.0 HISTOGRAM",
                "my_exponential_histogram_sum{job=my.service, my_exponential_histogram_attr=some value} 10.0 HISTOGRAM",
                "my_exponential_histogram_count{job=my.service, my_exponential_histogram_attr=some value} 3.0 HISTOGRAM"),
                render(decoded.records()));
        for (MetricSample sample : decoded.records()) {
            assertEquals(ts, sample.timestamp());
            assertEquals("my.service", sample.entityName());
            assertEquals("my.library", sample.gearId(), "the scope name, no gear.id attribute being set");
            assertNull(sample.machineId());
            assertEquals("1", sample.unit());
        }
        assertEquals("I am a Counter", decoded.records().getFirst().help());
    }

    @Test
    void deltaCountersAddUpToACumulativeCounter() {
        Metric.Builder counter = metric("orders").setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA));

        List<Double> totals = new ArrayList<>();
        for (long[] interval : new long[][]{{0, 10, 3}, {10, 20, 4}, {30, 40, 5}}) {
            Metric delta = counter.clone().setSum(counter.getSum().toBuilder().addDataPoints(
                    number(interval[2]).setStartTimeUnixNano(T0 + interval[0] * SECOND)
                            .setTimeUnixNano(T0 + interval[1] * SECOND))).build();
            Decoded<MetricSample> decoded = decoder.decode(request(delta));
            assertEquals(0, decoded.rejected(), decoded.rejectionMessage());
            MetricSample sample = decoded.records().getFirst();
            assertEquals("orders_total", sample.name());
            assertEquals(MetricType.COUNTER, sample.type());
            totals.add(sample.value());
        }
        assertEquals(List.of(3.0, 7.0, 12.0), totals, "a gap between intervals still adds up");
    }

    @Test
    void aDeltaSentAgainIsRefusedAndAnOverlappingOneStartsANewTotal() {
        Sum.Builder sum = Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        Metric first = metric("jobs_total").setSum(sum.clone().addDataPoints(
                number(5).setStartTimeUnixNano(T0).setTimeUnixNano(T0 + 10 * SECOND))).build();
        assertEquals(5.0, decoder.decode(request(first)).records().getFirst().value());

        Decoded<MetricSample> again = decoder.decode(request(first));
        assertEquals(1, again.rejected());
        assertTrue(again.records().isEmpty());
        assertTrue(again.rejectionMessage().contains("not newer"), again.rejectionMessage());

        Metric restarted = metric("jobs_total").setSum(sum.clone().addDataPoints(
                number(2).setStartTimeUnixNano(T0 + 5 * SECOND).setTimeUnixNano(T0 + 15 * SECOND))).build();
        MetricSample sample = decoder.decode(request(restarted)).records().getFirst();
        assertEquals("jobs_total", sample.name(), "no second _total suffix");
        assertEquals(2.0, sample.value(), "an interval starting before the last one ended is a new stream");
    }

    @Test
    void upDownCountersAreGaugesAndCumulativeSumsPassThrough() {
        Metric upDown = metric("queue.depth").setSum(Sum.newBuilder().setIsMonotonic(false)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(number(-4).setTimeUnixNano(T0))).build();
        Metric noTemporality = metric("broken").setSum(Sum.newBuilder().setIsMonotonic(true)
                .addDataPoints(number(1).setTimeUnixNano(T0))).build();

        Decoded<MetricSample> decoded = decoder.decode(request(upDown, noTemporality));

        assertEquals(List.of("queue_depth{instance=pod-1, job=shop/checkout} -4.0 GAUGE"), render(decoded.records()));
        assertEquals(1, decoded.rejected());
        assertTrue(decoded.rejectionMessage().contains("aggregation_temporality"), decoded.rejectionMessage());
        assertTrue(decoded.rejectionMessage().contains("metrics[1].dataPoints[0]"), decoded.rejectionMessage());
    }

    @Test
    void histogramsWithCountsThatDoNotAddUpAreRejectedAlone() {
        Metric histogram = metric("latency").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(6).setSum(4.5)
                        .addAllExplicitBounds(List.of(0.25, 1.0)).addAllBucketCounts(List.of(2L, 3L, 1L))
                        .addExemplars(exemplar(0.7)))
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(5)
                        .addAllExplicitBounds(List.of(1.0)).addAllBucketCounts(List.of(1L, 1L)))
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(1)
                        .addAllExplicitBounds(List.of(1.0, 2.0)).addAllBucketCounts(List.of(1L, 0L))))
                .build();

        Decoded<MetricSample> decoded = decoder.decode(request(histogram));

        assertEquals(List.of(
                "latency_bucket{instance=pod-1, job=shop/checkout, le=0.25} 2.0 HISTOGRAM",
                "latency_bucket{instance=pod-1, job=shop/checkout, le=1} 5.0 HISTOGRAM",
                "latency_bucket{instance=pod-1, job=shop/checkout, le=+Inf} 6.0 HISTOGRAM",
                "latency_sum{instance=pod-1, job=shop/checkout} 4.5 HISTOGRAM",
                "latency_count{instance=pod-1, job=shop/checkout} 6.0 HISTOGRAM"), render(decoded.records()));
        assertEquals(2, decoded.rejected());
        assertTrue(decoded.rejectionMessage().contains("add up to 2, not to its count 5"), decoded.rejectionMessage());
        assertTrue(decoded.rejectionMessage().contains("2 bucket_counts for 2 explicit_bounds"),
                decoded.rejectionMessage());
        MetricSample le1 = decoded.records().get(1);
        assertEquals(1, le1.exemplars().size(), "0.7 falls into the le=1 bucket");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", le1.exemplars().getFirst().traceId());
        assertEquals("00f067aa0ba902b7", le1.exemplars().getFirst().spanId());
        assertEquals(Map.of("user", "u-1"), le1.exemplars().getFirst().labels());
        assertTrue(decoded.records().get(0).exemplars().isEmpty());
    }

    @Test
    void deltaHistogramsAccumulateBucketByBucket() {
        Histogram.Builder delta = Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        decoder.decode(request(metric("size").setHistogram(delta.clone().addDataPoints(
                HistogramDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(T0 + SECOND).setCount(3)
                        .setSum(30).addExplicitBounds(10).addAllBucketCounts(List.of(1L, 2L)))).build()));

        Decoded<MetricSample> second = decoder.decode(request(metric("size").setHistogram(delta.clone().addDataPoints(
                HistogramDataPoint.newBuilder().setStartTimeUnixNano(T0 + SECOND).setTimeUnixNano(T0 + 2 * SECOND)
                        .setCount(2).setSum(5).addExplicitBounds(10).addAllBucketCounts(List.of(2L, 0L)))).build()));

        assertEquals(List.of(
                "size_bucket{instance=pod-1, job=shop/checkout, le=10} 3.0 HISTOGRAM",
                "size_bucket{instance=pod-1, job=shop/checkout, le=+Inf} 5.0 HISTOGRAM",
                "size_sum{instance=pod-1, job=shop/checkout} 35.0 HISTOGRAM",
                "size_count{instance=pod-1, job=shop/checkout} 5.0 HISTOGRAM"), render(second.records()));
    }

    @Test
    void exponentialHistogramsFoldNegativeZeroAndPositiveBucketsIntoOneClassicHistogram() {
        // scale 1, base sqrt(2): negative bucket 0 holds [-sqrt2, -1) (le=-1), bucket -1 holds [-1, -1/sqrt2)
        // (le=-1/sqrt2); the zero bucket [-0.5, 0.5] (le=0.5); positive bucket 2 holds (2, 2^1.5] (le=2^1.5).
        Metric metric = metric("temp").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setScale(1)
                        .setCount(10).setSum(3).setZeroCount(1).setZeroThreshold(0.5)
                        .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-1)
                                .addAllBucketCounts(List.of(2L, 3L)))
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(2)
                                .addAllBucketCounts(List.of(4L))))).build();

        List<MetricSample> samples = decoder.decode(request(metric)).records();

        List<String> le = samples.stream().filter(s -> s.name().equals("temp_bucket"))
                .map(s -> s.labels().get("le") + "=" + s.value()).toList();
        assertEquals(List.of("-1=3.0", "-0.7071067811865476=5.0", "0.5=6.0", "2.8284271247461903=10.0", "+Inf=10.0"), le);
    }

    @Test
    void deltaExponentialHistogramsAddUpAtTheCoarserScale() {
        ExponentialHistogram.Builder delta = ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        decoder.decode(request(metric("io").setExponentialHistogram(delta.clone().addDataPoints(
                ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(T0 + SECOND)
                        .setScale(1).setCount(3).setSum(9)
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(2)
                                .addAllBucketCounts(List.of(1L, 2L))))).build()));
        // scale 0 now: the first delta's buckets 2 and 3 at scale 1, (2, 2.83] and (2.83, 4], are bucket 1 at scale 0
        List<MetricSample> samples = decoder.decode(request(metric("io").setExponentialHistogram(delta.clone()
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(T0 + SECOND)
                        .setTimeUnixNano(T0 + 2 * SECOND).setScale(0).setCount(1).setSum(6)
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(2)
                                .addAllBucketCounts(List.of(1L))))).build())).records();

        assertEquals(List.of("io_bucket 0=0.0", "io_bucket 4=3.0", "io_bucket 8=4.0", "io_bucket +Inf=4.0",
                        "io_sum null=15.0", "io_count null=4.0"),
                samples.stream().map(s -> s.name() + " " + s.labels().get("le") + "=" + s.value()).toList());
    }

    @Test
    void summariesBecomeQuantileSumAndCountSeries() {
        Metric metric = metric("rpc.duration").setSummary(Summary.newBuilder().addDataPoints(
                SummaryDataPoint.newBuilder().setTimeUnixNano(T0).setCount(7).setSum(12.5)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1.5))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(4))))
                .build();

        assertEquals(List.of(
                "rpc_duration{instance=pod-1, job=shop/checkout, quantile=0.5} 1.5 SUMMARY",
                "rpc_duration{instance=pod-1, job=shop/checkout, quantile=0.99} 4.0 SUMMARY",
                "rpc_duration_sum{instance=pod-1, job=shop/checkout} 12.5 SUMMARY",
                "rpc_duration_count{instance=pod-1, job=shop/checkout} 7.0 SUMMARY"),
                render(decoder.decode(request(metric)).records()));
    }

    @Test
    void noRecordedValueBecomesThePrometheusStaleMarker() {
        Metric gauge = metric("temperature").setGauge(Gauge.newBuilder().addDataPoints(
                NumberDataPoint.newBuilder().setTimeUnixNano(T0).setFlags(1))).build();
        Metric histogram = metric("latency").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setFlags(1).addExplicitBounds(1)))
                .build();

        List<MetricSample> samples = decoder.decode(request(gauge, histogram)).records();

        assertEquals(List.of("temperature", "latency_bucket", "latency_bucket", "latency_sum", "latency_count"),
                samples.stream().map(MetricSample::name).toList());
        for (MetricSample sample : samples) {
            assertEquals(STALE_BITS, Double.doubleToRawLongBits(sample.value()), sample.name());
        }
    }

    @Test
    void labelsAreSanitisedAndResourceIdentityWins() {
        Metric gauge = metric("9lives.ratio%").setGauge(Gauge.newBuilder().addDataPoints(
                number(1).setTimeUnixNano(T0)
                        .addAttributes(attribute("http.method", "GET"))
                        .addAttributes(attribute("http_method", "POST"))
                        .addAttributes(attribute("2xx", "yes"))
                        .addAttributes(attribute("job", "from-attribute"))
                        .addAttributes(attribute("empty", ""))
                        .addAttributes(attribute("gear.id", "payments"))
                        .addAttributes(KeyValue.newBuilder().setKey("flux.id")
                                .setValue(AnyValue.newBuilder().setStringValue("18446744073709551615")))
                        .addAttributes(KeyValue.newBuilder().setKey("codes").setValue(AnyValue.newBuilder()
                                .setArrayValue(ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setIntValue(200))
                                        .addValues(AnyValue.newBuilder().setIntValue(404)))))
                        .addAttributes(KeyValue.newBuilder().setKey("ratio")
                                .setValue(AnyValue.newBuilder().setDoubleValue(0.5))))).build();

        MetricSample sample = decoder.decode(request(gauge)).records().getFirst();

        assertEquals("_9lives_ratio_", sample.name());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("codes", "[200,404]");
        expected.put("flux_id", "18446744073709551615");
        expected.put("gear_id", "payments");
        expected.put("http_method", "GET;POST");
        expected.put("instance", "pod-1");
        expected.put("job", "shop/checkout");
        expected.put("key_2xx", "yes");
        expected.put("ratio", "0.5");
        assertEquals(expected, sample.labels());
        assertEquals(-1L, sample.fluxId(), "2^64-1 as the unsigned long it is");
        assertEquals("payments", sample.gearId());
        assertEquals("host-9", sample.machineId());
        assertEquals("checkout", sample.entityName());
    }

    @Test
    void pointsOfAMetricWithoutNameOrValueAreRejected() {
        Metric unnamed = Metric.newBuilder().setGauge(Gauge.newBuilder()
                .addDataPoints(number(1)).addDataPoints(number(2))).build();
        Metric noValue = metric("x").setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder())).build();

        Decoded<MetricSample> decoded = decoder.decode(request(unnamed, noValue));

        assertTrue(decoded.records().isEmpty());
        assertEquals(3, decoded.rejected());
        assertTrue(decoded.rejectionMessage().startsWith("2 data points rejected: metric name is empty"),
                decoded.rejectionMessage());
        assertTrue(decoded.rejectionMessage().contains("1 data points rejected: number data point has no value"),
                decoded.rejectionMessage());
    }

    @Test
    void aPointWithoutTimeIsTakenNow() {
        Metric gauge = metric("g").setGauge(Gauge.newBuilder().addDataPoints(number(1))).build();

        assertEquals(NOW, decoder.decode(request(gauge)).records().getFirst().timestamp());
    }

    private static List<String> render(List<MetricSample> samples) {
        return samples.stream().map(s -> s.name() + s.labels().toString() + " " + s.value() + " " + s.type()).toList();
    }

    private static Metric.Builder metric(String name) {
        return Metric.newBuilder().setName(name);
    }

    private static NumberDataPoint.Builder number(long value) {
        return NumberDataPoint.newBuilder().setAsInt(value);
    }

    private static Exemplar exemplar(double value) {
        return Exemplar.newBuilder().setAsDouble(value).setTimeUnixNano(T0)
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00f067aa0ba902b7")))
                .addFilteredAttributes(attribute("user", "u-1")).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** One resource (service shop/checkout, instance pod-1 on host-9) and one scope holding the metrics. */
    private static ExportMetricsServiceRequest request(Metric... metrics) {
        Resource resource = Resource.newBuilder()
                .addAttributes(attribute("service.name", "checkout"))
                .addAttributes(attribute("service.namespace", "shop"))
                .addAttributes(attribute("service.instance.id", "pod-1"))
                .addAttributes(attribute("host.id", "host-9"))
                .build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.fluxtap.test"))
                        .addAllMetrics(List.of(metrics))))
                .build();
    }
}
