package io.fluxtap.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Delivers one notification for a group of alerts to one integration (Slack, PagerDuty, a webhook), as
 * Alertmanager's {@code notify.Notifier}, whose {@code Notify} answers {@code (retry bool, err error)}: the
 * dispatcher retries a {@link Outcome.Failed#retryable() retryable} failure with backoff until the context's
 * deadline, and gives up at once on any other.
 *
 * <pre>{@code
 * Notifier webhook = (context, alerts) -> {
 *     int status = post(url, payload(context.groupKey(), alerts));
 *     return status / 100 == 2 ? Outcome.delivered(status)
 *             : Outcome.failed("webhook answered " + status, status >= 500 || status == 429, status);
 * };
 * Outcome outcome = webhook.notify(new Context("team-x", "{}:{alertname=\"HighLatency\"}",
 *         Labels.of("alertname", "HighLatency"), now, now.plusSeconds(10)), alerts);
 * }</pre>
 *
 * A notifier reports a failed delivery by its outcome, not by throwing; the dispatcher treats an exception that
 * escapes anyway as a retryable failure. Implementations are called from several groups at once.
 */
@FunctionalInterface
public interface Notifier {

    /**
     * Sends one notification for {@code alerts} (firing and resolved ones; each alert's status at
     * {@code context.now()}) and says whether it arrived.
     */
    Outcome notify(Context context, List<Alert> alerts);

    /**
     * What Alertmanager passes in its {@code context.Context}.
     *
     * @param receiver    the receiver's name in the configuration
     * @param groupKey    the aggregation group's key, stable for the group's life (a PagerDuty dedup key is made
     *                    from it)
     * @param groupLabels the labels the group is grouped by
     * @param now         the time the notification is for: alerts are firing or resolved at this instant
     * @param deadline    when the notification must be given up (the dispatcher stops retrying there)
     */
    record Context(String receiver, String groupKey, Labels groupLabels, Instant now, Instant deadline) {

        public Context {
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(groupKey, "groupKey");
            Objects.requireNonNull(groupLabels, "groupLabels");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    /** Whether a notification was delivered, and if not whether trying again may help. */
    sealed interface Outcome {

        static Outcome delivered() {
            return Delivered.INSTANCE;
        }

        /** Delivered, with the HTTP status the integration answered (kept in the notification history). */
        static Outcome delivered(int httpStatus) {
            return new Delivered(httpStatus);
        }

        /**
         * @param reason    what went wrong, for the log and the notification metrics
         * @param retryable true when trying again may succeed (a 5xx or 429 answer, a timeout, a refused
         *                  connection), false when it cannot (a 4xx answer, a bad configuration)
         */
        static Outcome failed(String reason, boolean retryable) {
            return new Failed(reason, retryable, 0);
        }

        /** Failed with an HTTP answer of this status (kept in the notification history). */
        static Outcome failed(String reason, boolean retryable, int httpStatus) {
            return new Failed(reason, retryable, httpStatus);
        }

        /** The HTTP status the integration answered; 0 when there was none or the notifier did not say. */
        int httpStatus();

        /** The integration took the notification. */
        record Delivered(int httpStatus) implements Outcome {
            private static final Delivered INSTANCE = new Delivered(0);
        }

        /** The integration did not take it. */
        record Failed(String reason, boolean retryable, int httpStatus) implements Outcome {

            public Failed {
                Objects.requireNonNull(reason, "reason");
            }

            public Failed(String reason, boolean retryable) {
                this(reason, retryable, 0);
            }
        }
    }
}
