package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.util.ArrayList;
import java.util.List;

/** Drops the alerts the muter mutes at the flush's time: one for inhibition, one for silences. */
public record MuteStage(Muter muter) implements Stage {

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) {
        List<Alert> kept = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            if (!muter.mutes(alert.labels(), context.now())) {
                kept.add(alert);
            }
        }
        return new Step(context, kept);
    }
}
