package io.fluxtap.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a rule's (or a group's) last evaluation went, for Prometheus' rules API.
 *
 * @param health         UNKNOWN before the first evaluation
 * @param lastError      the last evaluation's error, "" when it succeeded
 * @param lastEvaluation when the last evaluation started (null before the first)
 * @param evaluationTime how long it took
 */
public record RuleStatus(RuleHealth health, String lastError, Instant lastEvaluation, Duration evaluationTime) {

    public static final RuleStatus NEVER = new RuleStatus(RuleHealth.UNKNOWN, "", null, Duration.ZERO);

    public RuleStatus {
        Objects.requireNonNull(health, "health");
        lastError = Objects.requireNonNullElse(lastError, "");
        evaluationTime = Objects.requireNonNullElse(evaluationTime, Duration.ZERO);
    }
}
