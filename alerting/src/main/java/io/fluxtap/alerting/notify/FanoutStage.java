package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The same alerts to every integration of a receiver, as Alertmanager's {@code FanoutStage}: all run, on
 * {@code executor} (the server's: in parallel, so one integration retrying does not hold up the others; tests':
 * {@code Runnable::run}, one after the other), and any failure fails the whole.
 */
public record FanoutStage(List<Stage> stages, Executor executor) implements Stage {

    public FanoutStage {
        stages = List.copyOf(stages);
    }

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException {
        List<CompletableFuture<Void>> runs = new ArrayList<>(stages.size());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (Stage stage : stages) {
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    stage.exec(context, alerts);
                } catch (NotifyException e) {
                    failures.add(e.getMessage());
                } catch (RuntimeException e) {
                    failures.add(String.valueOf(e));
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw new NotifyException("fanout failed", e.getCause());
        }
        if (!failures.isEmpty()) {
            throw new NotifyException(String.join("; ", failures));
        }
        return new Step(context, alerts);
    }
}
