package io.fluxtap.alerting.rules;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert of an alerting rule as Prometheus' {@code rules.Alert} keeps it: what the rules API shows, what
 * {@link AlertStateStore} persists. Times are null where Prometheus has its zero time.
 *
 * @param labels          the alert's identity: the series' labels without {@code __name__}, the rule's labels
 *                        expanded, {@code alertname}
 * @param annotations     expanded at the last evaluation
 * @param value           the last evaluation's value
 * @param activeAt        when it became pending
 * @param firedAt         when it started firing (the notification's startsAt)
 * @param resolvedAt      when it went inactive after firing
 * @param lastSentAt      when it was last handed to the {@link AlertSender}
 * @param validUntil      the endsAt it was last sent with
 * @param keepFiringSince when the expression stopped returning it while {@code keep_firing_for} holds it firing
 */
public record AlertInstance(Map<String, String> labels, Map<String, String> annotations, AlertState state,
                            double value, Instant activeAt, Instant firedAt, Instant resolvedAt, Instant lastSentAt,
                            Instant validUntil, Instant keepFiringSince) {

    public AlertInstance {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(activeAt, "activeAt");
    }
}
