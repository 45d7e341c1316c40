package io.fluxtap.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prometheus' {@code rules.RecordingRule}: the query's result under the record name, with the rule's labels set
 * (an empty value removes the label), written as new series.
 */
public final class RecordingRule implements Rule {

    private final String name;
    private final RuleQuery query;
    private final Map<String, String> labels;
    private volatile RuleStatus status = RuleStatus.NEVER;

    public RecordingRule(String name, RuleQuery query, Map<String, String> labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.query = Objects.requireNonNull(query, "query");
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    @Override
    public List<OutputSample> eval(Instant ts, Duration queryOffset, int limit) {
        Instant at = ts.minus(queryOffset);
        List<QueriedSample> result = query.run(at);
        List<OutputSample> out = new ArrayList<>(result.size());
        Set<Map<String, String>> seen = new HashSet<>();
        for (QueriedSample s : result) {
            Map<String, String> lb = new TreeMap<>(s.labels());
            lb.put(METRIC_NAME, name);
            labels.forEach((k, v) -> {
                if (v.isEmpty()) {
                    lb.remove(k);
                } else {
                    lb.put(k, v);
                }
            });
            if (!seen.add(lb)) {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying "
                        + "rule labels");
            }
            Rule.requireClassicNames(lb, "label");
            out.add(new OutputSample(lb, at, s.value()));
        }
        if (limit > 0 && out.size() > limit) {
            throw new RuleEvaluationException("exceeded limit " + limit + " with " + out.size() + " series");
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RuleQuery query() {
        return query;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public RuleStatus status() {
        return status;
    }

    @Override
    public void status(RuleStatus status) {
        this.status = Objects.requireNonNull(status);
    }
}
