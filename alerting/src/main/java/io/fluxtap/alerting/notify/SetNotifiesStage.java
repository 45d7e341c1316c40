package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.util.List;

/**
 * Records a delivered notification in the log, as Alertmanager's {@code SetNotifiesStage}: the entry lives
 * 2 × repeat_interval (or the log's retention, if shorter).
 */
public record SetNotifiesStage(NotificationLog log, ReceiverKey receiver) implements Stage {

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException {
        if (context.firing() == null || context.resolved() == null) {
            throw new NotifyException("firing alerts missing: no dedup stage before " + receiver);
        }
        log.log(receiver, context.groupKey(), context.firing(), context.resolved(),
                context.repeatInterval().multipliedBy(2));
        return new Step(context, alerts);
    }
}
