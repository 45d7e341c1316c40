package io.fluxtap.ingestion.otlp.translate;

import static io.fluxtap.ingestion.otlp.translate.OtlpFields.FLUX_ID_KEYS;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.GEAR_ID;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.MACHINE_ID_KEYS;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.SERVICE_NAME;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.blankToNull;

import com.google.protobuf.ByteString;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.ingestion.metrics.RejectReason;
import io.fluxtap.ingestion.otlp.translate.BucketHistogram.ClassicBucket;
import io.fluxtap.ingestion.otlp.translate.DeltaAccumulator.StreamKey;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Maps an OTLP {@link ExportMetricsServiceRequest} to Prometheus-style {@link MetricSample}s, as Prometheus'
 * OTLP receiver and the OpenTelemetry Prometheus compatibility spec do:
 *
 * <ul>
 *   <li>gauge: a GAUGE sample; monotonic sum: a COUNTER named {@code <name>_total}; non-monotonic sum: a
 *       GAUGE. DELTA sums and histograms become cumulative through {@link DeltaAccumulator}.</li>
 *   <li>histogram: HISTOGRAM samples {@code <name>_bucket{le}} (cumulative, up to {@code le="+Inf"}),
 *       {@code <name>_sum} (when the point has a sum) and {@code <name>_count}; exponential histograms
 *       become the same classic series ({@link ExponentialBucketHistogram} says how).</li>
 *   <li>summary: SUMMARY samples {@code <name>{quantile}}, {@code <name>_sum}, {@code <name>_count}.</li>
 *   <li>names and label names sanitised by {@link PrometheusNames}; unit suffixes are not added (the unit
 *       travels as metadata), so a metric keeps the name its instrument has.</li>
 *   <li>labels: the data point's attributes (values as text, empty ones left out, attributes that sanitise
 *       to the same name joined with {@code ;} in key order), then {@code job} (service.namespace/service.name,
 *       or service.name) and {@code instance} (service.instance.id) from the resource, which win.</li>
 *   <li>a point flagged NO_RECORDED_VALUE becomes Prometheus' stale marker on each of its series.</li>
 *   <li>exemplars are kept, with hex trace and span ids; a histogram's go to the bucket their value falls in.</li>
 *   <li>correlation columns as for logs: entity_name = service.name, machine_id = host.id, else
 *       service.instance.id, else machine.id; gear_id = attribute gear.id, else the scope name; flux_id from
 *       attribute flux.id (which stays a label too, since it is part of what tells the series apart).</li>
 * </ul>
 * A data point that cannot be mapped is refused on its own (OTLP partial success, rejected_data_points).
 */
public final class OtlpMetricsDecoder {

    /** Prometheus' staleness marker: a NaN with its own bit pattern, told apart from other NaNs by PromQL. */
    static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
    private static final String SERVICE_NAMESPACE = "service.namespace";
    private static final String SERVICE_INSTANCE_ID = "service.instance.id";
    private static final String NAME_LABEL = "__name__";
    private static final String INF = "+Inf";

    private final TimestampBounds bounds;
    private final DeltaAccumulator deltas;

    /** With the default bounds around {@code clock}. */
    public OtlpMetricsDecoder(Clock clock) {
        this(TimestampBounds.withDefaults(clock));
    }

    public OtlpMetricsDecoder(TimestampBounds bounds) {
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.deltas = new DeltaAccumulator(bounds.clock());
    }

    public Decoded<MetricSample> decode(ExportMetricsServiceRequest request) {
        Instant now = bounds.clock().instant();
        List<MetricSample> samples = new ArrayList<>();
        Rejections rejections = new Rejections("data points");
        for (int r = 0; r < request.getResourceMetricsCount(); r++) {
            ResourceMetrics resourceMetrics = request.getResourceMetrics(r);
            Source source = Source.of(AnyValues.toMap(resourceMetrics.getResource().getAttributesList()));
            for (int s = 0; s < resourceMetrics.getScopeMetricsCount(); s++) {
                ScopeMetrics scopeMetrics = resourceMetrics.getScopeMetrics(s);
                String scopeName = blankToNull(scopeMetrics.getScope().getName());
                for (int m = 0; m < scopeMetrics.getMetricsCount(); m++) {
                    Metric metric = scopeMetrics.getMetrics(m);
                    String where = "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "]";
                    new MetricMapping(metric, source, scopeName, now, samples, rejections, where).map();
                }
            }
        }
        return new Decoded<>(samples, rejections);
    }

    /** What the resource says about every series it sends: Prometheus' job and instance, and our columns. */
    private record Source(String job, String instance, String machineId, String entityName) {

        static Source of(Map<String, Object> resource) {
            String serviceName = AnyValues.text(resource.get(SERVICE_NAME));
            String namespace = AnyValues.text(resource.get(SERVICE_NAMESPACE));
            String job = serviceName == null ? null : namespace == null ? serviceName : namespace + "/" + serviceName;
            String machineId = null;
            for (String key : MACHINE_ID_KEYS) {
                machineId = AnyValues.text(resource.get(key));
                if (machineId != null) {
                    break;
                }
            }
            return new Source(job, AnyValues.text(resource.get(SERVICE_INSTANCE_ID)), machineId, serviceName);
        }
    }

    /** One metric's data points, mapped one by one; a refused point is counted and the others go on. */
    private final class MetricMapping {

        private final Metric metric;
        private final Source source;
        private final String scopeName;
        private final Instant now;
        private final List<MetricSample> out;
        private final Rejections rejections;
        private final String where;
        private final String name;

        MetricMapping(Metric metric, Source source, String scopeName, Instant now, List<MetricSample> out,
                      Rejections rejections, String where) {
            this.metric = metric;
            this.source = source;
            this.scopeName = scopeName;
            this.now = now;
            this.out = out;
            this.rejections = rejections;
            this.where = where;
            this.name = PrometheusNames.metricName(metric.getName());
        }

        void map() {
            switch (metric.getDataCase()) {
                case GAUGE -> each(metric.getGauge().getDataPointsList(), this::gauge);
                case SUM -> each(metric.getSum().getDataPointsList(), this::sum);
                case HISTOGRAM -> each(metric.getHistogram().getDataPointsList(), this::histogram);
                case EXPONENTIAL_HISTOGRAM ->
                        each(metric.getExponentialHistogram().getDataPointsList(), this::exponentialHistogram);
                case SUMMARY -> each(metric.getSummary().getDataPointsList(), this::summary);
                // A metric without data has no points to store or to refuse.
                case DATA_NOT_SET -> { }
            }
        }

        private <P> void each(List<P> points, PointMapper<P> mapper) {
            for (int i = 0; i < points.size(); i++) {
                try {
                    mapper.map(points.get(i));
                } catch (InvalidDataPoint e) {
                    rejections.add(e.reason(), e.getMessage(), where + ".dataPoints[" + i + "]");
                }
            }
        }

        private void gauge(NumberDataPoint point) throws InvalidDataPoint {
            PointSamples samples = samples(MetricType.GAUGE, point.getAttributesList(), point.getTimeUnixNano());
            if (stale(point.getFlags())) {
                samples.add(name, STALE_NAN, List.of());
                return;
            }
            samples.add(name, value(point), exemplars(point.getExemplarsList(), now));
        }

        private void sum(NumberDataPoint point) throws InvalidDataPoint {
            boolean counter = metric.getSum().getIsMonotonic();
            String seriesName = counter ? PrometheusNames.counterName(requireName()) : requireName();
            AggregationTemporality temporality = temporality(metric.getSum().getAggregationTemporality());
            PointSamples samples = samples(counter ? MetricType.COUNTER : MetricType.GAUGE, point.getAttributesList(),
                    point.getTimeUnixNano());
            if (stale(point.getFlags())) {
                samples.add(seriesName, STALE_NAN, List.of());
                return;
            }
            double value = value(point);
            if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                value = deltas.add(new StreamKey("sum", seriesName, samples.labels()), point.getStartTimeUnixNano(),
                        timeNanos(point.getTimeUnixNano()), value, Double::sum);
            }
            samples.add(seriesName, value, exemplars(point.getExemplarsList(), now));
        }

        private void histogram(HistogramDataPoint point) throws InvalidDataPoint {
            AggregationTemporality temporality = temporality(metric.getHistogram().getAggregationTemporality());
            PointSamples samples = samples(MetricType.HISTOGRAM, point.getAttributesList(), point.getTimeUnixNano());
            if (stale(point.getFlags())) {
                List<ClassicBucket> bounds = new ArrayList<>();
                for (double bound : point.getExplicitBoundsList()) {
                    if (bound != Double.POSITIVE_INFINITY) {
                        bounds.add(new ClassicBucket(bound, STALE_NAN));
                    }
                }
                staleHistogram(samples, bounds);
                return;
            }
            BucketHistogram histogram = ExplicitBucketHistogram.of(point);
            if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                histogram = accumulate(samples, point.getStartTimeUnixNano(), timeNanos(point.getTimeUnixNano()),
                        histogram);
            }
            histogramSamples(samples, histogram, exemplars(point.getExemplarsList(), now));
        }

        private void exponentialHistogram(ExponentialHistogramDataPoint point) throws InvalidDataPoint {
            AggregationTemporality temporality =
                    temporality(metric.getExponentialHistogram().getAggregationTemporality());
            PointSamples samples = samples(MetricType.HISTOGRAM, point.getAttributesList(), point.getTimeUnixNano());
            if (stale(point.getFlags())) {
                // The bucket layout of a point without values is whatever it still carries, often nothing.
                List<ClassicBucket> bounds = new ArrayList<>();
                try {
                    ExponentialBucketHistogram.of(point).classicBuckets()
                            .forEach(b -> bounds.add(new ClassicBucket(b.upperBound(), STALE_NAN)));
                } catch (InvalidDataPoint ignored) {
                    // No usable layout: +Inf, _sum and _count still go stale.
                }
                staleHistogram(samples, bounds);
                return;
            }
            BucketHistogram histogram = ExponentialBucketHistogram.of(point);
            if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                histogram = accumulate(samples, point.getStartTimeUnixNano(), timeNanos(point.getTimeUnixNano()),
                        histogram);
            }
            histogramSamples(samples, histogram, exemplars(point.getExemplarsList(), now));
        }

        private void summary(SummaryDataPoint point) throws InvalidDataPoint {
            String base = requireName();
            PointSamples samples = samples(MetricType.SUMMARY, point.getAttributesList(), point.getTimeUnixNano());
            boolean stale = stale(point.getFlags());
            for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
                samples.add(base, "quantile", PrometheusNames.number(quantile.getQuantile()),
                        stale ? STALE_NAN : quantile.getValue(), List.of());
            }
            samples.add(base + "_sum", stale ? STALE_NAN : point.getSum(), List.of());
            samples.add(base + "_count", stale ? STALE_NAN : BucketHistogram.unsigned(point.getCount()), List.of());
        }

        private BucketHistogram accumulate(PointSamples samples, long startNanos, long timeNanos,
                                           BucketHistogram delta) throws InvalidDataPoint {
            return deltas.add(new StreamKey("histogram", requireName(), samples.labels()), startNanos, timeNanos,
                    delta, BucketHistogram::plus);
        }

        /** Buckets ascending, then {@code +Inf}, {@code _sum} and {@code _count}, as Prometheus exposes them. */
        private void histogramSamples(PointSamples samples, BucketHistogram histogram, List<Exemplar> exemplars)
                throws InvalidDataPoint {
            String base = requireName();
            List<ClassicBucket> buckets = histogram.classicBuckets();
            // Each exemplar goes to the first bucket whose bound holds its value, as in Prometheus' translator.
            List<List<Exemplar>> exemplarsByBucket = new ArrayList<>(buckets.size() + 1);
            for (int i = 0; i <= buckets.size(); i++) {
                exemplarsByBucket.add(new ArrayList<>());
            }
            for (Exemplar exemplar : exemplars) {
                int bucket = 0;
                while (bucket < buckets.size() && !(exemplar.value() <= buckets.get(bucket).upperBound())) {
                    bucket++;
                }
                exemplarsByBucket.get(bucket).add(exemplar);
            }
            for (int i = 0; i < buckets.size(); i++) {
                ClassicBucket bucket = buckets.get(i);
                samples.add(base + "_bucket", "le", PrometheusNames.number(bucket.upperBound()),
                        bucket.cumulativeCount(), exemplarsByBucket.get(i));
            }
            double count = BucketHistogram.unsigned(histogram.count());
            samples.add(base + "_bucket", "le", INF, count, exemplarsByBucket.get(buckets.size()));
            if (histogram.hasSum()) {
                samples.add(base + "_sum", histogram.sum(), List.of());
            }
            samples.add(base + "_count", count, List.of());
        }

        private void staleHistogram(PointSamples samples, List<ClassicBucket> bounds) throws InvalidDataPoint {
            String base = requireName();
            for (ClassicBucket bound : bounds) {
                samples.add(base + "_bucket", "le", PrometheusNames.number(bound.upperBound()), STALE_NAN, List.of());
            }
            samples.add(base + "_bucket", "le", INF, STALE_NAN, List.of());
            samples.add(base + "_sum", STALE_NAN, List.of());
            samples.add(base + "_count", STALE_NAN, List.of());
        }

        private PointSamples samples(MetricType type, List<KeyValue> attributes, long timeNanos)
                throws InvalidDataPoint {
            requireName();
            Map<String, AnyValue> byKey = new LinkedHashMap<>();
            for (KeyValue attribute : attributes) {
                byKey.put(attribute.getKey(), attribute.getValue());
            }
            Map<String, String> labels = labels(byKey);
            if (source.job() != null) {
                labels.put("job", source.job());
            }
            if (source.instance() != null) {
                labels.put("instance", source.instance());
            }
            String gearAttribute = byKey.containsKey(GEAR_ID) ? AnyValues.text(AnyValues.toJava(byKey.get(GEAR_ID)))
                    : null;
            Instant time = timestamp(timeNanos, now);
            String outOfRange = bounds.problem(time, now);
            if (outOfRange != null) {
                throw new InvalidDataPoint(RejectReason.TIMESTAMP_OUT_OF_RANGE, outOfRange);
            }
            return new PointSamples(out, time, labels, type, blankToNull(metric.getUnit()),
                    blankToNull(metric.getDescription()), fluxId(byKey), source.machineId(), source.entityName(),
                    gearAttribute != null ? gearAttribute : scopeName);
        }

        private String requireName() throws InvalidDataPoint {
            if (name == null) {
                throw new InvalidDataPoint("metric name is empty");
            }
            return name;
        }

        /** When the point was taken: a point without a time is taken as of the export. */
        private long timeNanos(long unixNanos) {
            return unixNanos != 0 ? unixNanos : now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    }

    @FunctionalInterface
    private interface PointMapper<P> {
        void map(P point) throws InvalidDataPoint;
    }

    /**
     * Attribute keys sanitised to label names, in key order so that keys sanitising to the same name are joined
     * the same way every time; empty values are left out, as Prometheus treats an empty label as no label.
     */
    private static Map<String, String> labels(Map<String, AnyValue> attributes) {
        Map<String, String> labels = new TreeMap<>();
        new TreeMap<>(attributes).forEach((key, value) -> {
            String label = PrometheusNames.labelName(key);
            String text = labelValue(value);
            if (label != null && !label.equals(NAME_LABEL) && !text.isEmpty()) {
                labels.merge(label, text, (first, second) -> first + ";" + second);
            }
        });
        return labels;
    }

    /** Text as sent, bytes as base64, doubles as Prometheus writes numbers, arrays and maps as JSON. */
    private static String labelValue(AnyValue value) {
        return switch (value.getValueCase()) {
            case DOUBLE_VALUE -> PrometheusNames.number(value.getDoubleValue());
            case STRING_VALUE, BYTES_VALUE -> (String) AnyValues.toJava(value);
            default -> AnyValues.render(value);
        };
    }

    private static AggregationTemporality temporality(AggregationTemporality temporality) throws InvalidDataPoint {
        if (temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                && temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
            throw new InvalidDataPoint("aggregation_temporality must be DELTA or CUMULATIVE");
        }
        return temporality;
    }

    private static boolean stale(int flags) {
        return (flags & NO_RECORDED_VALUE) != 0;
    }

    private static double value(NumberDataPoint point) throws InvalidDataPoint {
        return switch (point.getValueCase()) {
            case AS_DOUBLE -> point.getAsDouble();
            case AS_INT -> point.getAsInt();
            case VALUE_NOT_SET -> throw new InvalidDataPoint("number data point has no value");
        };
    }

    private static List<Exemplar> exemplars(List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars, Instant now) {
        if (exemplars.isEmpty()) {
            return List.of();
        }
        List<Exemplar> kept = new ArrayList<>(exemplars.size());
        for (io.opentelemetry.proto.metrics.v1.Exemplar exemplar : exemplars) {
            double value = switch (exemplar.getValueCase()) {
                case AS_DOUBLE -> exemplar.getAsDouble();
                case AS_INT -> exemplar.getAsInt();
                case VALUE_NOT_SET -> Double.NaN;
            };
            Map<String, AnyValue> attributes = new LinkedHashMap<>();
            exemplar.getFilteredAttributesList().forEach(kv -> attributes.put(kv.getKey(), kv.getValue()));
            kept.add(new Exemplar(timestamp(exemplar.getTimeUnixNano(), now), value, exemplarId(exemplar.getTraceId(), OtlpFields.TRACE_ID_BYTES),
                    exemplarId(exemplar.getSpanId(), OtlpFields.SPAN_ID_BYTES), labels(attributes)));
        }
        return kept;
    }

    /** Lowercase hex, or null for an absent, all-zero or wrongly sized id (an exemplar is kept without it). */
    private static String exemplarId(ByteString bytes, int length) {
        String id = OtlpFields.id(bytes, length);
        return id == null || id.isEmpty() ? null : id;
    }

    /** An unsigned business id from a number or decimal text; null when absent or not one. */
    private static Long fluxId(Map<String, AnyValue> attributes) {
        for (String key : FLUX_ID_KEYS) {
            AnyValue value = attributes.get(key);
            if (value == null) {
                continue;
            }
            if (value.getValueCase() == AnyValue.ValueCase.INT_VALUE) {
                return value.getIntValue();
            }
            if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
                try {
                    return Long.parseUnsignedLong(value.getStringValue().strip());
                } catch (NumberFormatException e) {
                    // Not an id: it stays a label only.
                }
            }
        }
        return null;
    }

    /** OTLP's unsigned nanoseconds; 0 means "not set", and the sample is then taken now. */
    private static Instant timestamp(long unixNanos, Instant now) {
        if (unixNanos == 0) {
            return now;
        }
        return Instant.ofEpochSecond(Long.divideUnsigned(unixNanos, 1_000_000_000L),
                Long.remainderUnsigned(unixNanos, 1_000_000_000L));
    }
}
