package io.fluxtap.alerting.rules;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A PromQL rule expression, evaluated as an instant query through the {@link PromqlQueries} port. */
public record PromqlRuleQuery(PromqlQueries promql, String expr) implements RuleQuery {

    public PromqlRuleQuery {
        Objects.requireNonNull(promql, "promql");
        Objects.requireNonNull(expr, "expr");
    }

    @Override
    public List<QueriedSample> run(Instant at) {
        List<PromqlQueries.Sample> samples = promql.instant(expr, at).samples();
        List<QueriedSample> result = new ArrayList<>(samples.size());
        for (PromqlQueries.Sample s : samples) {
            result.add(new QueriedSample(map(s.labels()), s.value(), List.of()));
        }
        return result;
    }

    @Override
    public String text() {
        return expr;
    }

    private static Map<String, String> map(Labels labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Labels.Label label : labels) {
            map.put(label.name(), label.value());
        }
        return map;
    }
}
