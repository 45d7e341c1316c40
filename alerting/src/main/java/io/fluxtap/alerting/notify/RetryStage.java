package io.fluxtap.alerting.notify;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.fluxtap.alerting.clock.Scheduler;
import io.fluxtap.api.Alert;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.Notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers through one integration, as Alertmanager's {@code RetryStage}: without send_resolved only the firing
 * alerts go, and nothing at all (but still a success, so the log records it) when none fires; a retryable failure
 * is tried again after a growing {@link Backoff} wait until the context's deadline; any other gives up at once.
 */
public record RetryStage(Integration integration, String receiver, NotifyMetrics metrics, Backoff backoff,
                         Scheduler scheduler) implements Stage {

    private static final Logger LOG = Logger.getLogger(RetryStage.class.getName());

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException {
        metrics.notification(integration.name(), receiver);
        return deliver(context, alerts);
    }

    private Step deliver(NotifyContext context, List<Alert> alerts) throws NotifyException {
        List<Alert> sent = alerts;
        if (!integration.sendResolved()) {
            if (context.firing() == null) {
                throw new NotifyException("firing alerts missing");
            }
            if (context.firing().isEmpty()) {
                return new Step(context, alerts);
            }
            sent = new ArrayList<>();
            for (Alert alert : alerts) {
                if (!alert.isResolvedAt(context.now())) {
                    sent.add(alert);
                }
            }
        }
        String name = receiver + "/" + integration.name() + "[" + integration.index() + "]";
        Notifier.Context notifierContext = context.notifierContext();
        String lastError = null;
        for (int attempt = 1; ; attempt++) {
            Instant start = scheduler.now();
            Notifier.Outcome outcome;
            // Each attempt a span (Fluxtap observing itself; a no-op unless fluxtap.observability is on).
            Span span = GlobalOpenTelemetry.getTracer("io.fluxtap.alerting").spanBuilder("notify " + integration.name())
                    .setAttribute("fluxtap.receiver", receiver).setAttribute("fluxtap.attempt", attempt)
                    .setAttribute("fluxtap.alerts", sent.size()).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                outcome = integration.notifier().notify(notifierContext, sent);
            } catch (RuntimeException e) {
                // The Notifier contract: an escaping exception counts as retryable.
                outcome = Notifier.Outcome.failed(String.valueOf(e), true);
            }
            if (outcome instanceof Notifier.Outcome.Failed failed) {
                span.setStatus(StatusCode.ERROR, failed.reason());
            }
            span.end();
            Duration latency = Duration.between(start, scheduler.now());
            metrics.latency(integration.name(), receiver, latency);
            metrics.attempt(attempt(context, sent, start, latency, outcome, attempt));
            if (outcome instanceof Notifier.Outcome.Failed failed) {
                if (!failed.retryable()) {
                    metrics.failed(integration.name(), receiver, NotifyMetrics.REASON_UNRECOVERABLE);
                    throw new NotifyException(name + ": notify retry canceled due to unrecoverable error after "
                            + attempt + " attempts: " + failed.reason());
                }
                if (!failed.reason().equals(lastError)) {
                    LOG.log(Level.WARNING, "Notify attempt {0} for {1} failed, will retry later: {2}",
                            new Object[]{String.valueOf(attempt), name, failed.reason()});
                }
                lastError = failed.reason();
            } else {
                if (attempt > 1) {
                    LOG.log(Level.INFO, "Notify for {0} succeeded after {1} attempts",
                            new Object[]{name, String.valueOf(attempt)});
                }
                return new Step(context, alerts);
            }
            Duration wait = backoff.wait(attempt);
            if (scheduler.now().plus(wait).isAfter(context.deadline())) {
                metrics.failed(integration.name(), receiver, NotifyMetrics.REASON_DEADLINE);
                throw new NotifyException(name + ": notify retry canceled after " + attempt + " attempts: "
                        + lastError);
            }
            try {
                scheduler.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                metrics.failed(integration.name(), receiver, NotifyMetrics.REASON_DEADLINE);
                throw new NotifyException(name + ": notify retry interrupted after " + attempt + " attempts", e);
            }
        }
    }

    private AlertHistory.NotificationAttempt attempt(NotifyContext context, List<Alert> sent, Instant start,
                                                     Duration latency, Notifier.Outcome outcome, int attempt) {
        List<AlertHistory.NotifiedAlert> alerts = new ArrayList<>(sent.size());
        for (Alert alert : sent) {
            alerts.add(new AlertHistory.NotifiedAlert(alert.labels().fingerprint(), alert.labels().asMap(),
                    alert.isResolvedAt(context.now()) ? "resolved" : "firing"));
        }
        boolean delivered = outcome instanceof Notifier.Outcome.Delivered;
        return new AlertHistory.NotificationAttempt(start, receiver, integration.name(), integration.index(),
                context.groupKey(), context.groupLabels().asMap(), alerts,
                delivered ? AlertHistory.Status.SUCCESS : AlertHistory.Status.FAILED, outcome.httpStatus(), latency,
                outcome instanceof Notifier.Outcome.Failed failed ? failed.reason() : null, attempt);
    }
}
