package io.fluxtap.ingestion.otlp.translate;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.api.MetricSample.MetricType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the samples one OTLP data point becomes (one for a number, many for a histogram or summary); they
 * share the point's time, labels, metadata and correlation columns and differ in name, value and at most
 * one extra label ({@code le} or {@code quantile}).
 */
final class PointSamples {

    private final List<MetricSample> out;
    private final Instant timestamp;
    private final Map<String, String> labels;
    private final MetricType type;
    private final String unit;
    private final String help;
    private final Long fluxId;
    private final String machineId;
    private final String entityName;
    private final String gearId;

    /**
     * @param out    where the samples go
     * @param labels the series labels without {@code __name__}
     */
    PointSamples(List<MetricSample> out, Instant timestamp, Map<String, String> labels, MetricType type,
                 String unit, String help, Long fluxId, String machineId, String entityName, String gearId) {
        this.out = out;
        this.timestamp = timestamp;
        this.labels = labels;
        this.type = type;
        this.unit = unit;
        this.help = help;
        this.fluxId = fluxId;
        this.machineId = machineId;
        this.entityName = entityName;
        this.gearId = gearId;
    }

    Map<String, String> labels() {
        return labels;
    }

    void add(String name, double value, List<Exemplar> exemplars) {
        out.add(sample(name, labels, value, exemplars));
    }

    /** A sample with one more label, which wins over a data point attribute of the same name. */
    void add(String name, String label, String labelValue, double value, List<Exemplar> exemplars) {
        Map<String, String> withLabel = new TreeMap<>(labels);
        withLabel.put(label, labelValue);
        out.add(sample(name, withLabel, value, exemplars));
    }

    private MetricSample sample(String name, Map<String, String> sampleLabels, double value, List<Exemplar> exemplars) {
        return new MetricSample(timestamp, name, sampleLabels, value, type, unit, help, fluxId, machineId, entityName,
                gearId, exemplars);
    }
}
