package io.fluxtap.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A rule of a {@link RuleGroup}: Prometheus' {@code rules.Rule}. */
public sealed interface Rule permits AlertingRule, RecordingRule {

    String METRIC_NAME = "__name__";

    /** The alert or record name. */
    String name();

    RuleQuery query();

    /** The rule's labels as written (group labels merged in, the rule's winning), unexpanded. */
    Map<String, String> labels();

    /**
     * Evaluates the rule at {@code ts}, querying at {@code ts - queryOffset}.
     *
     * @param limit most alerts or series, 0 for none
     * @return the samples to write
     * @throws RuntimeException ({@link io.fluxtap.api.QueryException}, {@link RuleEvaluationException}) when the
     *                          evaluation fails; the group records it as the rule's lastError
     */
    List<OutputSample> eval(Instant ts, Duration queryOffset, int limit);

    RuleStatus status();

    /** Set by the group after each evaluation. */
    void status(RuleStatus status);

    /**
     * Fluxtap's series and alerts carry classic label names only (api's Labels, the PromQL store, the Alertmanager
     * pipeline), so a rule file may validate with UTF-8 names but its rule fails at evaluation when one reaches
     * the output.
     */
    static void requireClassicNames(Map<String, String> labels, String what) {
        for (String name : labels.keySet()) {
            if (!CLASSIC_NAME.matcher(name).matches()) {
                throw new RuleEvaluationException(what + " name \"" + name + "\" is not supported: Fluxtap stores and "
                        + "sends label names matching [a-zA-Z_][a-zA-Z0-9_]* only");
            }
        }
    }

    Pattern CLASSIC_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
}
