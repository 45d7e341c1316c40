package io.fluxtap.alerting.rules;

/** A rule evaluation that failed for a reason of the rule's own (not of the query port): its lastError. */
public class RuleEvaluationException extends RuntimeException {

    public RuleEvaluationException(String message) {
        super(message);
    }
}
