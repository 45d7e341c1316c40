package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.api.MetricSample.MetricType;
import java.util.List;

/**
 * The parts of Prometheus' {@code prometheus.WriteRequest} (remote write 1.0) that Fluxtap keeps.
 *
 * @param timeseries the series with their samples
 * @param metadata   metric family metadata; Prometheus sends it in requests of its own, without samples
 */
record WriteRequest(List<TimeSeries> timeseries, List<Metadata> metadata) {

    /**
     * @param labels     the labels as sent, {@code __name__} among them, in wire order
     * @param samples    float samples
     * @param histograms how many native histogram samples the series carried (not kept)
     */
    record TimeSeries(List<Label> labels, List<Sample> samples, int histograms) {
    }

    record Label(String name, String value) {
    }

    /** @param timestampMs milliseconds since the epoch */
    record Sample(double value, long timestampMs) {
    }

    /**
     * @param type   the family's type; {@link MetricType#UNKNOWN} for types Fluxtap has no name for
     * @param family the metric family name ({@code # TYPE} line's name)
     * @param help   its help text, or null
     * @param unit   its unit, or null
     */
    record Metadata(MetricType type, String family, String help, String unit) {
    }
}
