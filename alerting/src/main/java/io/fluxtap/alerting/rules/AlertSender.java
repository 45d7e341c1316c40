package io.fluxtap.alerting.rules;

import io.fluxtap.api.Alert;

import java.util.List;

/**
 * Where alerting rules send their alerts, as Prometheus' notifier sends them to Alertmanager: the dispatcher
 * ({@code io.fluxtap.alerting.dispatch}) implements it at merge. Called from the rule evaluation thread after every
 * evaluation that has alerts to send (firing ones at most every resend delay, resolved ones with their endsAt);
 * must not block for long.
 */
@FunctionalInterface
public interface AlertSender {

    void send(List<Alert> alerts);
}
