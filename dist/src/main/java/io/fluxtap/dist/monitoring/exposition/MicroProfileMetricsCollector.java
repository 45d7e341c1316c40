package io.fluxtap.dist.monitoring.exposition;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The modules' MicroProfile metrics (application scope) as Prometheus families: counters as counters (their
 * exposition adds {@code _total}), gauges as gauges, timers as summaries in seconds (named {@code _seconds}, as
 * Helidon's own exposition named them) and histograms as
 * summaries (count and sum; the quantiles Helidon keeps are left out, as Prometheus' client libraries do).
 */
final class MicroProfileMetricsCollector implements MultiCollector {

    private static final double NANOS_PER_SECOND = 1e9;

    private final MetricRegistry registry;

    MicroProfileMetricsCollector(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<Map.Entry<MetricID, Metric>>> byName = new LinkedHashMap<>();
        registry.getMetrics().forEach((id, metric) ->
                byName.computeIfAbsent(id.getName(), n -> new ArrayList<>()).add(Map.entry(id, metric)));
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        byName.forEach((name, members) -> {
            MetricSnapshot snapshot = family(name, help(name), members);
            if (snapshot != null) {
                out.metricSnapshot(snapshot);
            }
        });
        return out.build();
    }

    private String help(String name) {
        Metadata metadata = registry.getMetadata(name);
        String description = metadata == null ? "" : metadata.getDescription();
        return description == null || description.isBlank() ? name.replace('_', ' ') : description;
    }

    /** One family; null when its members are of a kind Prometheus has no family for or mixed. */
    private static MetricSnapshot family(String name, String help, List<Map.Entry<MetricID, Metric>> members) {
        Metric first = members.getFirst().getValue();
        return switch (first) {
            case Counter ignored -> {
                CounterSnapshot.Builder family = CounterSnapshot.builder().name(stripTotal(name)).help(help);
                each(members, Counter.class, (labels, counter) -> family.dataPoint(
                        CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(counter.getCount()).build()));
                yield family.build();
            }
            case Gauge<?> ignored -> {
                GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
                each(members, Gauge.class, (labels, gauge) -> {
                    Number value = (Number) gauge.getValue();
                    family.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels)
                            .value(value == null ? Double.NaN : value.doubleValue()).build());
                });
                yield family.build();
            }
            case Timer ignored -> summary(name.endsWith("_seconds") ? name : name + "_seconds", help, members, Timer.class,
                    t -> new double[] {t.getCount(), t.getElapsedTime().toNanos() / NANOS_PER_SECOND});
            case Histogram ignored -> summary(name, help, members, Histogram.class,
                    h -> new double[] {h.getCount(), h.getSum()});
            default -> null;
        };
    }

    private static <M extends Metric> SummarySnapshot summary(String name, String help,
                                                              List<Map.Entry<MetricID, Metric>> members, Class<M> kind,
                                                              Function<M, double[]> countAndSum) {
        SummarySnapshot.Builder family = SummarySnapshot.builder().name(name).help(help);
        each(members, kind, (labels, metric) -> {
            double[] figures = countAndSum.apply(metric);
            family.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels)
                    .count((long) figures[0]).sum(figures[1]).build());
        });
        return family.build();
    }

    private interface PointSink<M> {
        void add(Labels labels, M metric);
    }

    private static <M extends Metric> void each(List<Map.Entry<MetricID, Metric>> members, Class<M> kind,
                                                PointSink<M> sink) {
        for (Map.Entry<MetricID, Metric> member : members) {
            if (kind.isInstance(member.getValue())) {
                Labels.Builder labels = Labels.builder();
                member.getKey().getTags().forEach((k, v) -> {
                    if (!"mp_scope".equals(k)) {
                        labels.label(k, v);
                    }
                });
                sink.add(labels.build(), kind.cast(member.getValue()));
            }
        }
    }

    private static String stripTotal(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
