package io.fluxtap.alerting.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One group of a rule file as written (Prometheus' {@code rulefmt.RuleGroup}).
 *
 * @param interval    null when the file gives none (then {@code fluxtap.alerting.evaluation-interval})
 * @param queryOffset null when the file gives none (then no offset, Prometheus' global default)
 * @param limit       most alerts (alerting rule) or series (recording rule) per evaluation, 0 for no limit
 * @param labels      added to every rule's result, the rule's own labels win
 */
public record RuleGroupSpec(String name, Duration interval, Duration queryOffset, int limit,
                            Map<String, String> labels, List<RuleSpec> rules) {

    public RuleGroupSpec {
        name = Objects.requireNonNullElse(name, "");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(labels, Map.of())));
        rules = List.copyOf(Objects.requireNonNullElse(rules, List.of()));
    }
}
