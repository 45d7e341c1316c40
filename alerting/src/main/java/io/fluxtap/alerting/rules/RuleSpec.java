package io.fluxtap.alerting.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of a rule file as written: Prometheus' {@code rulefmt.Rule} plus Fluxtap's {@code sql} (a read-only SQL
 * statement in place of {@code expr}). Exactly one of {@code record}/{@code alert} and one of {@code expr}/{@code sql}
 * is set in a rule that passed {@link RuleFileParser}'s validation; unset strings are "".
 *
 * @param labels      in file order; names as written (UTF-8 names allowed, see {@link NameValidation})
 * @param annotations in file order
 */
public record RuleSpec(String record, String alert, String expr, String sql, Duration forDuration,
                       Duration keepFiringFor, Map<String, String> labels, Map<String, String> annotations) {

    public RuleSpec {
        record = Objects.requireNonNullElse(record, "");
        alert = Objects.requireNonNullElse(alert, "");
        expr = Objects.requireNonNullElse(expr, "");
        sql = Objects.requireNonNullElse(sql, "");
        forDuration = Objects.requireNonNullElse(forDuration, Duration.ZERO);
        keepFiringFor = Objects.requireNonNullElse(keepFiringFor, Duration.ZERO);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(labels, Map.of())));
        annotations = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNullElse(annotations, Map.of())));
    }

    public boolean isAlerting() {
        return !alert.isEmpty();
    }

    /** The alert name, else the record name: what Prometheus names the rule in its errors. */
    public String name() {
        return isAlerting() ? alert : record;
    }

    /** The query as the rules API shows it: the PromQL expression, or the SQL statement of an {@code sql:} rule. */
    public String query() {
        return sql.isEmpty() ? expr : sql;
    }
}
