package io.fluxtap.tools.loadgen.source;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
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

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.fluxtap.tools.loadgen.source.SyntheticTraces.attribute;
import static io.fluxtap.tools.loadgen.source.SyntheticTraces.unixNanos;

/**
 * Synthetic metrics of one service, round-robin over a gauge (CPU utilisation per core), a cumulative
 * monotonic sum (requests per route) and a cumulative histogram (request duration per route); one data point
 * is one item. Sums and histogram counts grow with every request, as a real exporter's would.
 * Built at send time for the reason given in {@link SyntheticTraces}.
 */
public final class SyntheticMetrics implements PayloadSource {

    static final String GAUGE = "system.cpu.utilization";
    static final String SUM = "http.server.request.count";
    static final String HISTOGRAM = "http.server.request.duration";
    private static final List<String> ROUTES = List.of("/api/checkout", "/api/cart", "/api/products/{id}");
    private static final List<Double> BOUNDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0);
    private static final int CORES = 4;

    private final String service;
    private final Map<String, String> extraAttributes;
    private final Clock clock;
    private final long startUnixNanos;
    private final AtomicLong points = new AtomicLong();

    /** @param extraAttributes added to every data point */
    public SyntheticMetrics(String service, Map<String, String> extraAttributes, Clock clock) {
        this.service = service;
        this.extraAttributes = Map.copyOf(extraAttributes);
        this.clock = clock;
        this.startUnixNanos = unixNanos(clock.instant());
    }

    @Override
    public Payload next(int maxItems) {
        long now = unixNanos(clock.instant());
        long first = points.getAndAdd(maxItems);
        Metric.Builder gauge = Metric.newBuilder().setName(GAUGE).setUnit("1")
                .setDescription("CPU time share per core");
        Gauge.Builder gaugePoints = Gauge.newBuilder();
        Metric.Builder sum = Metric.newBuilder().setName(SUM).setUnit("{request}")
                .setDescription("requests served");
        Sum.Builder sumPoints = Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        Metric.Builder histogram = Metric.newBuilder().setName(HISTOGRAM).setUnit("s")
                .setDescription("request duration");
        Histogram.Builder histogramPoints = Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (int i = 0; i < maxItems; i++) {
            long n = first + i;
            long round = n / 3 + 1;
            switch ((int) (n % 3)) {
                case 0 -> gaugePoints.addDataPoints(NumberDataPoint.newBuilder()
                        .setTimeUnixNano(now)
                        .addAttributes(attribute("cpu.logical_number", round % CORES))
                        .addAllAttributes(extra())
                        .setAsDouble((n * 37 % 100) / 100.0));
                case 1 -> sumPoints.addDataPoints(NumberDataPoint.newBuilder()
                        .setStartTimeUnixNano(startUnixNanos)
                        .setTimeUnixNano(now)
                        .addAttributes(attribute("http.route", ROUTES.get((int) (round % ROUTES.size()))))
                        .addAllAttributes(extra())
                        .setAsInt(round * 10));
                default -> histogramPoints.addDataPoints(histogramPoint(round, now));
            }
        }
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
        if (gaugePoints.getDataPointsCount() > 0) {
            scope.addMetrics(gauge.setGauge(gaugePoints));
        }
        if (sumPoints.getDataPointsCount() > 0) {
            scope.addMetrics(sum.setSum(sumPoints));
        }
        if (histogramPoints.getDataPointsCount() > 0) {
            scope.addMetrics(histogram.setHistogram(histogramPoints));
        }
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                        .addScopeMetrics(scope))
                .build();
        return new Payload(request.toByteArray(), Encoding.PROTOBUF.contentType(), maxItems);
    }

    /** Buckets that add up to the count, as the OTLP data model requires. */
    private HistogramDataPoint.Builder histogramPoint(long round, long now) {
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(startUnixNanos)
                .setTimeUnixNano(now)
                .addAttributes(attribute("http.route", ROUTES.get((int) (round % ROUTES.size()))))
                .addAllAttributes(extra())
                .addAllExplicitBounds(BOUNDS);
        long count = 0;
        for (int bucket = 0; bucket <= BOUNDS.size(); bucket++) {
            long inBucket = round * (bucket < 4 ? 4 - bucket : 1);
            point.addBucketCounts(inBucket);
            count += inBucket;
        }
        return point.setCount(count).setSum(count * 0.04);
    }

    private List<KeyValue> extra() {
        return extraAttributes.entrySet().stream().map(e -> attribute(e.getKey(), e.getValue())).toList();
    }

    @Override
    public String description() {
        return "synthetic metrics of " + service + " (gauge, monotonic sum, histogram)";
    }
}
