package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.util.List;
import java.util.Map;

/** Picks the pipeline of the context's receiver, as Alertmanager's {@code RoutingStage}. */
public record RoutingStage(Map<String, Stage> byReceiver) implements Stage {

    public RoutingStage {
        byReceiver = Map.copyOf(byReceiver);
    }

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException {
        Stage stage = byReceiver.get(context.receiver());
        if (stage == null) {
            throw new NotifyException("stage for receiver missing: " + context.receiver());
        }
        return stage.exec(context, alerts);
    }
}
