package io.fluxtap.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The append-only history of alerting: every state change of a rule's alert and every attempt to deliver a
 * notification. Storage keeps both in DuckDB for {@code fluxtap.retention.alert-history} (the SQL views
 * {@code alert_history} and {@code notification_history}, the warehouse, {@code GET /api/v1/alerts/history} and
 * {@code GET /api/v1/notifications}). A record is committed when the call returns; times are kept to the
 * microsecond.
 *
 * <pre>{@code
 * @Inject AlertHistory history;
 *
 * history.record(new AlertHistory.StateChange(evalTime, "rules/api.yml", "api", "HighLatency",
 *         Map.of("alertname", "HighLatency", "job", "api"), Map.of("summary", "p99 over 1s"),
 *         State.PENDING, State.FIRING, 1.7, labels.fingerprint()));
 * history.record(new AlertHistory.NotificationAttempt(start, "team-x", "slack", 0, groupKey, groupLabels,
 *         List.of(new NotifiedAlert(fp, labels, "firing")), Status.FAILED, 503, Duration.ofMillis(120),
 *         "slack answered 503", 1));
 * }</pre>
 *
 * Safe for concurrent use. The history is a record of what happened, not a part of it: callers on the alerting
 * path should log a {@link StoreException} and go on.
 */
public interface AlertHistory {

    /** @throws StoreException when it could not be committed */
    void record(StateChange change);

    /** @throws StoreException when it could not be committed */
    void record(NotificationAttempt attempt);

    /**
     * An alert's state as the history shows it: Prometheus' inactive, pending and firing, and resolved for a firing
     * alert that stopped (Prometheus keeps it as inactive with a resolvedAt, and sends it as resolved).
     */
    enum State {
        INACTIVE, PENDING, FIRING, RESOLVED;

        /** inactive, pending, firing, resolved. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for any other name */
        public static State ofWireName(String name) {
            for (State state : values()) {
                if (state.wireName().equals(name)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("state must be one of inactive, pending, firing, resolved, was '"
                    + name + "'");
        }
    }

    /**
     * One alert of an alerting rule changed state at an evaluation.
     *
     * @param ts          the evaluation's time
     * @param ruleFile    the rule file the group was read from
     * @param ruleGroup   the group's name
     * @param ruleName    the alerting rule's name ({@code alertname})
     * @param labels      the alert's labels (its identity)
     * @param annotations as expanded at this evaluation (empty when none)
     * @param value       the expression's value for the alert at this evaluation, its last one when it no longer
     *                    returned the alert
     * @param fingerprint {@link Labels#fingerprint()} of the labels, as Alertmanager shows it
     */
    record StateChange(Instant ts, String ruleFile, String ruleGroup, String ruleName, Map<String, String> labels,
                       Map<String, String> annotations, State from, State to, double value, long fingerprint) {

        public StateChange {
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(ruleFile, "ruleFile");
            Objects.requireNonNull(ruleGroup, "ruleGroup");
            Objects.requireNonNull(ruleName, "ruleName");
            labels = sorted(labels);
            annotations = sorted(annotations);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** How a notification attempt ended. */
    enum Status {
        SUCCESS, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for any other name */
        public static Status ofWireName(String name) {
            for (Status status : values()) {
                if (status.wireName().equals(name)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("status must be success or failed, was '" + name + "'");
        }
    }

    /**
     * One alert of a notification.
     *
     * @param status firing or resolved, at the notification's time
     */
    record NotifiedAlert(long fingerprint, Map<String, String> labels, String status) {

        public NotifiedAlert {
            labels = sorted(labels);
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * One attempt to deliver one notification through one integration (a retried notification has one per try).
     *
     * @param ts               when the attempt started
     * @param receiver         the receiver's name
     * @param integration      {@code webhook}, {@code slack}, {@code pagerduty}
     * @param integrationIndex its position among the receiver's integrations of that kind
     * @param groupKey         the aggregation group's key
     * @param groupLabels      the labels the group is grouped by
     * @param alerts           the alerts sent
     * @param httpStatus       the HTTP status the integration answered, 0 when there was no answer (refused, timed
     *                         out) or the notifier did not say
     * @param latency          how long the attempt took
     * @param error            why it failed, null on success
     * @param attempt          1 for the first try of a notification, 2 for the first retry, ...
     */
    record NotificationAttempt(Instant ts, String receiver, String integration, int integrationIndex, String groupKey,
                               Map<String, String> groupLabels, List<NotifiedAlert> alerts, Status status,
                               int httpStatus, Duration latency, String error, int attempt) {

        public NotificationAttempt {
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(integration, "integration");
            Objects.requireNonNull(groupKey, "groupKey");
            groupLabels = sorted(groupLabels);
            alerts = List.copyOf(alerts);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(latency, "latency");
        }
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNullElse(map, Map.of())));
    }
}
