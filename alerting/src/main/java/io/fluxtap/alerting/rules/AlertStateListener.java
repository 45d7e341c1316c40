package io.fluxtap.alerting.rules;

import io.fluxtap.api.AlertHistory;

/**
 * Told every state change of a rule's alert (inactive → pending → firing → resolved, and back), for the alert
 * history. {@link RuleGroup} calls it on its evaluating thread right after the rule's evaluation, once per changed
 * alert, before the alerts are sent; an exception it throws is logged and changes nothing else.
 *
 * <pre>{@code
 * AlertStateListener log = change -> System.out.println(change.ruleName() + " " + change.labels() + ": "
 *         + change.from().wireName() + " -> " + change.to().wireName());
 * }</pre>
 */
@FunctionalInterface
public interface AlertStateListener {

    /** Listens to nothing: what a group without a history uses. */
    AlertStateListener NONE = change -> { };

    void changed(AlertHistory.StateChange change);
}
