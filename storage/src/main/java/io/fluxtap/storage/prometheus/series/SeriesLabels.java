package io.fluxtap.storage.prometheus.series;

import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The label set PromQL sees for a stored series, one rule for every reader of the store (DuckDB and head block). */
public final class SeriesLabels {

    private SeriesLabels() {
    }

    /** {@code __name__} plus every label with a non-empty value, sorted by name. */
    public static SortedMap<String, String> of(String metricName, Map<?, ?> labels) {
        SortedMap<String, String> sorted = new TreeMap<>();
        sorted.put(LabelMatcher.METRIC_NAME, metricName);
        if (labels != null) {
            labels.forEach((name, value) -> {
                if (name != null && value != null && !value.toString().isEmpty()) {
                    sorted.put(name.toString(), value.toString());
                }
            });
        }
        return Collections.unmodifiableSortedMap(sorted);
    }
}
