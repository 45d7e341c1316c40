package io.fluxtap.alerting.rules;

import java.util.List;
import java.util.Objects;

/**
 * Where alerting rules keep their alerts across restarts, so a restart neither sends a firing alert again at once
 * nor forgets how long a pending one has been pending (what Prometheus' {@code for} state restoration does through
 * the {@code ALERTS_FOR_STATE} series). A rule is keyed by its group ({@link RuleGroup#key()}), its alert name and
 * its position among the rules of that name in the group (rule files may repeat a name), so reordering rules of
 * other names keeps the state.
 */
public interface AlertStateStore {

    /**
     * Replaces what is kept for each of these rules of one group with its alerts (none: forget the rule's alerts),
     * in one write: a group saves all its alerting rules after each evaluation, and one commit per rule made the
     * saves the cost of a round (1,000 rules over DuckDB: about 3.4 s, BENCHMARKS.md section 12).
     */
    void save(String groupKey, List<RuleAlerts> rules);

    /** What was saved for the rule, none when nothing was. */
    List<AlertInstance> load(String groupKey, String alertName, int occurrence);

    /** The alerts of one rule of a group, the rule named by its alert name and occurrence as in {@link #load}. */
    record RuleAlerts(String alertName, int occurrence, List<AlertInstance> alerts) {

        public RuleAlerts {
            Objects.requireNonNull(alertName, "alertName");
            alerts = List.copyOf(alerts);
        }
    }
}
