package io.fluxtap.alerting.notify;

import io.fluxtap.api.AlertHistory;

import java.time.Duration;

/**
 * Hooks for the notification metrics ({@code fluxtap_notifications_total{integration,receiver}},
 * {@code fluxtap_notifications_failed_total{integration,receiver,reason}},
 * {@code fluxtap_notification_latency_seconds}) and for the notification history ({@link #attempt}), so the server
 * binds them to MicroProfile Metrics and the history, and tests count.
 */
public interface NotifyMetrics {

    /** A notification to one integration begins (it may take several attempts). */
    void notification(String integration, String receiver);

    /**
     * The notification was given up.
     *
     * @param reason {@link #REASON_UNRECOVERABLE} or {@link #REASON_DEADLINE}
     */
    void failed(String integration, String receiver, String reason);

    /** One attempt took this long. */
    void latency(String integration, String receiver, Duration latency);

    /**
     * One attempt ended, delivered or not (after {@link #latency}): what the notification history keeps. Called on
     * the delivering thread; nothing by default.
     */
    default void attempt(AlertHistory.NotificationAttempt attempt) {
    }

    /** Both, this one first: e.g. the MicroProfile metrics and the history. */
    default NotifyMetrics andThen(NotifyMetrics other) {
        NotifyMetrics first = this;
        return new NotifyMetrics() {
            @Override
            public void notification(String integration, String receiver) {
                first.notification(integration, receiver);
                other.notification(integration, receiver);
            }

            @Override
            public void failed(String integration, String receiver, String reason) {
                first.failed(integration, receiver, reason);
                other.failed(integration, receiver, reason);
            }

            @Override
            public void latency(String integration, String receiver, Duration latency) {
                first.latency(integration, receiver, latency);
                other.latency(integration, receiver, latency);
            }

            @Override
            public void attempt(AlertHistory.NotificationAttempt attempt) {
                first.attempt(attempt);
                other.attempt(attempt);
            }
        };
    }

    /** A failure the notifier called not retryable. */
    String REASON_UNRECOVERABLE = "unrecoverable";
    /** Retryable failures until the flush's deadline. */
    String REASON_DEADLINE = "deadline";

    NotifyMetrics NONE = new NotifyMetrics() {
        @Override
        public void notification(String integration, String receiver) {
        }

        @Override
        public void failed(String integration, String receiver, String reason) {
        }

        @Override
        public void latency(String integration, String receiver, Duration latency) {
        }
    };
}
