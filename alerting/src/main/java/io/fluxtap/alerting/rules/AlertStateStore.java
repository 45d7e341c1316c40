package io.fluxtap.alerting.rules;

import java.util.List;

/**
 * Where alerting rules keep their alerts across restarts, so a restart neither sends a firing alert again at once
 * nor forgets how long a pending one has been pending (what Prometheus' {@code for} state restoration does through
 * the {@code ALERTS_FOR_STATE} series). A rule is keyed by its group ({@link RuleGroup#key()}), its alert name and
 * its position among the rules of that name in the group (rule files may repeat a name), so reordering rules of
 * other names keeps the state.
 */
public interface AlertStateStore {

    /** Replaces what is kept for the rule with these alerts (none: forget the rule's alerts). */
    void save(String groupKey, String alertName, int occurrence, List<AlertInstance> alerts);

    /** What was saved for the rule, none when nothing was. */
    List<AlertInstance> load(String groupKey, String alertName, int occurrence);
}
