package io.fluxtap.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an alert's templates see (Prometheus' {@code template.AlertTemplateData} plus Fluxtap's sample rows).
 *
 * @param labels         {@code $labels}: the result series' labels without {@code __name__}
 * @param externalLabels {@code $externalLabels}
 * @param externalURL    {@code $externalURL}
 * @param value          {@code $value}
 * @param evaluationTime the evaluation's time (what {@code query} evaluates at)
 * @param sampleRows     for {@code sql:} rules, the rows that made this alert instance (column name to value, in
 *                       the statement's column order, newest as the statement ordered them), at most
 *                       {@code fluxtap.alerting.sql-sample-rows}; empty for PromQL rules
 */
public record TemplateData(Map<String, String> labels, Map<String, String> externalLabels, String externalURL,
                           double value, Instant evaluationTime, List<Map<String, Object>> sampleRows) {

    public TemplateData {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        externalLabels = Collections.unmodifiableMap(new TreeMap<>(externalLabels));
        externalURL = Objects.requireNonNullElse(externalURL, "");
        Objects.requireNonNull(evaluationTime, "evaluationTime");
        List<Map<String, Object>> rows = new ArrayList<>(sampleRows.size());
        for (Map<String, Object> row : sampleRows) {
            // LinkedHashMap keeps the column order and tolerates SQL NULLs, unlike Map.copyOf.
            rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        sampleRows = Collections.unmodifiableList(rows);
    }
}
