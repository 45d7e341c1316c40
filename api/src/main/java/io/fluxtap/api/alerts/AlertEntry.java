package io.fluxtap.api.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert.
 *
 * @param fingerprint Alertmanager's {@code %016x} of the labels
 * @param state       {@code pending} (a rule's, not sent yet) or {@code firing}
 * @param since       when it became active (Prometheus' activeAt, Alertmanager's startsAt)
 * @param value       the rule expression's value, null for an alert posted by another Prometheus
 * @param silencedBy  ids of the active silences that mute it
 * @param inhibitedBy fingerprints of the alerts that inhibit it
 */
public record AlertEntry(String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                         String state, Instant since, Double value, List<String> silencedBy,
                         List<String> inhibitedBy) {

    public AlertEntry {
        Objects.requireNonNull(fingerprint, "fingerprint");
        // Sorted by name, so the page shows labels in a stable order.
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
        Objects.requireNonNull(state, "state");
        silencedBy = List.copyOf(silencedBy);
        inhibitedBy = List.copyOf(inhibitedBy);
    }

    /** Its {@code alertname} label, "" when it has none. */
    public String name() {
        return labels.getOrDefault("alertname", "");
    }
}
