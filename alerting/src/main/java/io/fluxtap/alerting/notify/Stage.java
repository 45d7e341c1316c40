package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.util.List;

/**
 * One step of the notification pipeline, as Alertmanager's {@code notify.Stage}: takes the alerts of a flush and
 * passes on those still to be notified (an empty list ends the pipeline), possibly with more context.
 */
@FunctionalInterface
public interface Stage {

    /** What a stage passes on. */
    record Step(NotifyContext context, List<Alert> alerts) {

        public Step {
            alerts = List.copyOf(alerts);
        }
    }

    /** @throws NotifyException when the notification failed: the group keeps its resolved alerts and tries again */
    Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException;
}
