package io.fluxtap.alerting.provider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API v2 shows as an alert's {@code status}, as Alertmanager's {@code types.MemMarker}: the silences that
 * mute it (active) or will (pending) and the alerts that inhibit it, per alert fingerprint. The silencer and the
 * inhibitor write it whenever they decide about an alert; the alert store forgets an alert when it is collected.
 */
public final class AlertMarker {

    /** Alertmanager's alert states, with their wire names. */
    public enum State {
        UNPROCESSED("unprocessed"), ACTIVE("active"), SUPPRESSED("suppressed");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param state        suppressed when silenced or inhibited, active when looked at and neither, else unprocessed
     * @param silencedBy   ids of the active silences muting the alert, sorted
     * @param pendingSilences ids of the pending silences that will, sorted (not shown by the API)
     * @param inhibitedBy  fingerprints (16 hex digits) of the alerts inhibiting it
     */
    public record Status(State state, List<String> silencedBy, List<String> pendingSilences, List<String> inhibitedBy) {

        public static final Status UNPROCESSED = new Status(State.UNPROCESSED, List.of(), List.of(), List.of());

        public Status {
            silencedBy = List.copyOf(silencedBy);
            pendingSilences = List.copyOf(pendingSilences);
            inhibitedBy = List.copyOf(inhibitedBy);
        }
    }

    private final Map<Long, Status> statuses = new ConcurrentHashMap<>();

    /** Alertmanager's {@code SetActiveOrSilenced}: the silences found for the alert (empty lists: none). */
    public void setSilenced(long fingerprint, List<String> activeIds, List<String> pendingIds) {
        statuses.compute(fingerprint, (fp, old) -> {
            List<String> inhibitedBy = old == null ? List.of() : old.inhibitedBy();
            return status(activeIds, pendingIds, inhibitedBy);
        });
    }

    /** Alertmanager's {@code SetInhibited}: the alerts inhibiting this one (empty: not inhibited). */
    public void setInhibited(long fingerprint, List<String> inhibitedBy) {
        statuses.compute(fingerprint, (fp, old) -> old == null
                ? status(List.of(), List.of(), inhibitedBy)
                : status(old.silencedBy(), old.pendingSilences(), inhibitedBy));
    }

    private static Status status(List<String> active, List<String> pending, List<String> inhibitedBy) {
        State state = active.isEmpty() && inhibitedBy.isEmpty() ? State.ACTIVE : State.SUPPRESSED;
        return new Status(state, active, pending, inhibitedBy);
    }

    public Status status(long fingerprint) {
        return statuses.getOrDefault(fingerprint, Status.UNPROCESSED);
    }

    public void delete(long fingerprint) {
        statuses.remove(fingerprint);
    }
}
