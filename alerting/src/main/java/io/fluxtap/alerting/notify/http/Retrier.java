package io.fluxtap.alerting.notify.http;

import io.fluxtap.api.Notifier.Outcome;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Alertmanager's {@code notify.Retrier}: a 2xx answer is delivered, a 5xx one retryable, and any other status only
 * when the integration lists it ({@code retryCodes}: PagerDuty v2 adds 429, v1 403; webhook and Slack none).
 * A failed connection or a timeout is retryable.
 */
public record Retrier(Set<Integer> retryCodes) {

    public static final Retrier DEFAULT = new Retrier(Set.of());

    public Retrier {
        retryCodes = Set.copyOf(retryCodes);
    }

    /** @param details what follows {@code unexpected status code N: } (empty for nothing) */
    public Outcome check(int status, String details) {
        if (status / 100 == 2) {
            return Outcome.delivered(status);
        }
        boolean retry = status / 100 == 5 || retryCodes.contains(status);
        String reason = "unexpected status code " + status;
        if (details != null && !details.isEmpty()) {
            reason += ": " + details;
        }
        return Outcome.failed(reason, retry, status);
    }

    /** A request that got no answer: always retryable, as Alertmanager's notifiers return {@code true, err}. */
    public static Outcome unanswered(String what, IOException e) {
        return Outcome.failed(what + ": " + e.getMessage(), true);
    }

    /**
     * How long one request may take: the integration's {@code timeout} when set, never beyond what is left of the
     * flush ({@code deadline - now}); without either, {@code fallback}.
     */
    public static Duration requestTimeout(Duration configured, java.time.Instant now, java.time.Instant deadline,
                                          Duration fallback) {
        Duration budget = Duration.between(now, deadline);
        boolean hasBudget = budget.isPositive();
        if (configured != null && configured.isPositive()) {
            return hasBudget && budget.compareTo(configured) < 0 ? budget : configured;
        }
        return hasBudget ? budget : fallback;
    }
}
