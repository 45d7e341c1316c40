package io.fluxtap.alerting.provider;

import io.fluxtap.api.Alert;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert as the Alertmanager keeps it internally ({@code types.Alert}): the alert plus when it was last put and
 * whether its end is only the resolve_timeout guess.
 *
 * @param alert     the alert; its {@code endsAt} is never null here (a posted alert without one gets
 *                  now + resolve_timeout)
 * @param updatedAt when it was last posted: the authoritative time for merging
 * @param timeout   true when {@code endsAt} was not given but set from resolve_timeout
 */
public record StoredAlert(Alert alert, Instant updatedAt, boolean timeout) {

    public StoredAlert {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public long fingerprint() {
        return alert.fingerprint();
    }

    public boolean isResolvedAt(Instant at) {
        return alert.isResolvedAt(at);
    }

    /**
     * Alertmanager's {@code Alert.Merge}: the younger alert (by {@code updatedAt}) wins, but the earliest start is
     * kept; if the younger one is resolved at {@code now} and so is the older one, the later end wins; if the younger
     * one is firing, an older later end wins unless that end was a resolve_timeout guess.
     *
     * @param now the instant "resolved" is judged at (Alertmanager reads its clock there)
     */
    public StoredAlert merge(StoredAlert other, Instant now) {
        if (other.updatedAt.isBefore(updatedAt)) {
            return other.merge(this, now);
        }
        Alert younger = other.alert;
        Instant startsAt = alert.startsAt().isBefore(younger.startsAt()) ? alert.startsAt() : younger.startsAt();
        Instant endsAt = younger.endsAt();
        if (younger.isResolvedAt(now)) {
            if (alert.isResolvedAt(now) && after(alert.endsAt(), endsAt)) {
                endsAt = alert.endsAt();
            }
        } else if (after(alert.endsAt(), endsAt) && !timeout) {
            endsAt = alert.endsAt();
        }
        Alert merged = new Alert(younger.labels(), younger.annotations(), startsAt, endsAt, younger.generatorURL());
        return new StoredAlert(merged, other.updatedAt, other.timeout);
    }

    // Go's zero time is before everything: a null end is never after anything.
    static boolean after(Instant a, Instant b) {
        if (a == null) {
            return false;
        }
        return b == null || a.isAfter(b);
    }
}
