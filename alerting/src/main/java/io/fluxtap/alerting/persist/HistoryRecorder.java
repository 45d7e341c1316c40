package io.fluxtap.alerting.persist;

import io.fluxtap.alerting.notify.NotifyMetrics;
import io.fluxtap.alerting.rules.AlertStateListener;
import io.fluxtap.api.AlertHistory;

import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands the rules' state changes ({@link AlertStateListener}) and the notification attempts
 * ({@link NotifyMetrics#attempt}) to an {@link AlertHistory}. The history must never hold up alerting: a record
 * that cannot be stored is logged and dropped. Wire it as the rule manager's listener and beside the pipeline's
 * metrics: {@code NotificationPipeline.build(..., metrics.andThen(recorder), ...)}.
 */
public final class HistoryRecorder implements AlertStateListener, NotifyMetrics {

    private static final Logger LOG = Logger.getLogger(HistoryRecorder.class.getName());

    private final AlertHistory history;

    public HistoryRecorder(AlertHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public void changed(AlertHistory.StateChange change) {
        try {
            history.record(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Alert history: dropping a state change of " + change.ruleName() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void attempt(AlertHistory.NotificationAttempt attempt) {
        try {
            history.record(attempt);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Notification history: dropping an attempt for " + attempt.receiver() + "/"
                    + attempt.integration() + ": " + e.getMessage());
        }
    }

    @Override
    public void notification(String integration, String receiver) {
    }

    @Override
    public void failed(String integration, String receiver, String reason) {
    }

    @Override
    public void latency(String integration, String receiver, Duration latency) {
    }
}
