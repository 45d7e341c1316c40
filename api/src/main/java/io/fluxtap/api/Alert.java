package io.fluxtap.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert as Alertmanager's {@code types.Alert} holds it: what a rule sends to the dispatcher and what a
 * {@link Notifier} delivers. Its identity is its labels ({@link #fingerprint()}); its status is derived from
 * {@code endsAt} at a given instant, never stored.
 *
 * <pre>{@code
 * Alert alert = new Alert(Labels.of("alertname", "HighLatency", "job", "api"),
 *         Labels.of("summary", "p99 above 2s"), Instant.parse("2026-11-22T10:00:00Z"), null,
 *         "http://localhost:8080/graph?g0.expr=...");
 * alert.status(now);                          // FIRING: no end yet
 * alert.resolvedAt(Instant.parse("2026-11-22T10:05:00Z")).status(now);  // RESOLVED once now >= 10:05
 * }</pre>
 *
 * @param labels       the alert's identity; at least one label
 * @param annotations  descriptive text (summary, description, runbook_url, ...), validated as labels are
 * @param startsAt     when the alert started firing
 * @param endsAt       when it ends (or ended): resolved at and after this instant; null when not known yet, and
 *                     then firing (Alertmanager's zero time)
 * @param generatorURL a link to what made the alert (the rule's expression), or "" for none
 */
public record Alert(Labels labels, Labels annotations, Instant startsAt, Instant endsAt, String generatorURL) {

    /** Alertmanager's {@code AlertStatus}, with its wire names. */
    public enum Status {
        FIRING("firing"), RESOLVED("resolved");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** @throws IllegalArgumentException for empty labels, no start, or an end before the start */
    public Alert {
        Objects.requireNonNull(labels, "labels");
        annotations = Objects.requireNonNullElse(annotations, Labels.EMPTY);
        generatorURL = Objects.requireNonNullElse(generatorURL, "");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("an alert needs at least one label");
        }
        if (startsAt == null) {
            throw new IllegalArgumentException("an alert needs startsAt");
        }
        if (endsAt != null && endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("endsAt (" + endsAt + ") is before startsAt (" + startsAt + ")");
        }
    }

    /** Resolved at {@code at} when it has an end and that end is not after {@code at} (Alertmanager's ResolvedAt). */
    public boolean isResolvedAt(Instant at) {
        return endsAt != null && !endsAt.isAfter(at);
    }

    public Status status(Instant at) {
        return isResolvedAt(at) ? Status.RESOLVED : Status.FIRING;
    }

    /** The fingerprint of the labels: see {@link Labels#fingerprint()}. */
    public long fingerprint() {
        return labels.fingerprint();
    }

    /** This alert with its end set to {@code at}. */
    public Alert resolvedAt(Instant at) {
        return new Alert(labels, annotations, startsAt, at, generatorURL);
    }
}
