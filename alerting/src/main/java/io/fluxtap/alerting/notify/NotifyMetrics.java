package io.fluxtap.alerting.notify;

import java.time.Duration;

/**
 * Hooks for the notification metrics ({@code fluxtap_notifications_total{integration,receiver}},
 * {@code fluxtap_notifications_failed_total{integration,receiver,reason}},
 * {@code fluxtap_notification_latency_seconds}), so the server binds them to MicroProfile Metrics and tests count.
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
