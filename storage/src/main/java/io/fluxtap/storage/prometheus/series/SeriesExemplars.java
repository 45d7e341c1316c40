package io.fluxtap.storage.prometheus.series;

import java.util.List;
import java.util.SortedMap;

/** The exemplars of one series, as {@code /api/v1/query_exemplars} lists them. */
public record SeriesExemplars(SortedMap<String, String> seriesLabels, List<Exemplar> exemplars) {

    /** @param labels the exemplar's labels with {@code trace_id} and {@code span_id} when it has them */
    public record Exemplar(SortedMap<String, String> labels, double value, long timestampMs) {
    }
}
