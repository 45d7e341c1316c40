package io.fluxtap.alerting.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One element of a rule query's result: a PromQL sample, or the rows of an {@code sql:} statement that share one
 * label set.
 *
 * @param labels     names as the query gave them
 * @param sampleRows the SQL rows behind it (column name to value), empty for PromQL
 */
public record QueriedSample(Map<String, String> labels, double value, List<Map<String, Object>> sampleRows) {

    public QueriedSample {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        List<Map<String, Object>> rows = new ArrayList<>(sampleRows.size());
        for (Map<String, Object> row : sampleRows) {
            rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        sampleRows = Collections.unmodifiableList(rows);
    }
}
