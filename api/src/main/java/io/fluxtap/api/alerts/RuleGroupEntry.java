package io.fluxtap.api.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rule group and its rules' evaluation state.
 *
 * @param lastEvaluation null before the first evaluation
 */
public record RuleGroupEntry(String file, String name, Duration interval, Instant lastEvaluation,
                             Duration evaluationTime, List<RuleEntry> rules) {

    public RuleGroupEntry {
        rules = List.copyOf(rules);
    }
}
