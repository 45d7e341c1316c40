package io.fluxtap.alerting.rules;

import java.time.Instant;
import java.util.List;

/** What a rule evaluates: a PromQL expression ({@link PromqlRuleQuery}) or an SQL statement ({@link SqlRuleQuery}). */
public sealed interface RuleQuery permits PromqlRuleQuery, SqlRuleQuery {

    /**
     * The result at {@code at} (the evaluation time minus the group's query offset).
     *
     * @throws io.fluxtap.api.QueryException when the query fails
     * @throws RuleEvaluationException       when its result cannot be read as samples
     */
    List<QueriedSample> run(Instant at);

    /** The expression or statement as written, for the rules API and the generator URL. */
    String text();
}
