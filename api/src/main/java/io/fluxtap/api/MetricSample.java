package io.fluxtap.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One sample of one series, as Prometheus sees it: an OTLP histogram arrives as its {@code _bucket{le}},
 * {@code _sum} and {@code _count} series, a delta sum as the cumulative counter it adds up to. PromQL
 * selects series by {@link #name()} and {@link #labels()}.
 *
 * @param timestamp  sample time
 * @param name       metric name as Prometheus would expose it (e.g. {@code http_server_duration_seconds_bucket})
 * @param labels     series labels without {@code __name__}, sorted by name (a {@link LabelMap}, which a caller
 *                   passing one already shares rather than copies)
 * @param value      sample value (may be NaN; Prometheus' stale marker is a particular NaN)
 * @param type       the kind of metric the series belongs to
 * @param unit       unit from the sender, or null
 * @param help       description from the sender, or null
 * @param fluxId     business id, or null
 * @param machineId  host.id, else service.instance.id, else machine.id; or null
 * @param entityName service.name; or null
 * @param gearId     attribute gear.id, else the instrumentation scope name; or null
 * @param exemplars  exemplars attached to this sample
 */
public record MetricSample(
        Instant timestamp,
        String name,
        Map<String, String> labels,
        double value,
        MetricType type,
        String unit,
        String help,
        Long fluxId,
        String machineId,
        String entityName,
        String gearId,
        List<Exemplar> exemplars) implements IngestRecord {

    public enum MetricType { GAUGE, COUNTER, HISTOGRAM, SUMMARY, UNKNOWN }

    /**
     * @param timestamp when the exemplar was recorded
     * @param value     its value
     * @param traceId   trace it belongs to, or null
     * @param spanId    span it belongs to, or null
     * @param labels    its filtered attributes
     */
    public record Exemplar(Instant timestamp, double value, String traceId, String spanId, Map<String, String> labels) {
        public Exemplar {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }
    }

    public MetricSample {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        labels = LabelMap.copyOf(labels);
        exemplars = List.copyOf(exemplars);
    }

    @Override
    public Signal signal() {
        return Signal.METRICS;
    }
}
