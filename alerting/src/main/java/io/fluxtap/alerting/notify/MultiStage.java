package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.util.List;

/** Stages one after the other; stops as soon as no alert is left. */
public record MultiStage(List<Stage> stages) implements Stage {

    public MultiStage {
        stages = List.copyOf(stages);
    }

    public static MultiStage of(Stage... stages) {
        return new MultiStage(List.of(stages));
    }

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException {
        Step step = new Step(context, alerts);
        for (Stage stage : stages) {
            if (step.alerts().isEmpty()) {
                return new Step(step.context(), List.of());
            }
            step = stage.exec(step.context(), step.alerts());
        }
        return step;
    }
}
