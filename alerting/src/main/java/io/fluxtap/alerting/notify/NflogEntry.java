package io.fluxtap.alerting.notify;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What was last notified for one group to one integration, as Alertmanager's {@code nflogpb.MeshEntry}.
 *
 * @param firing    fingerprints ({@link io.fluxtap.api.Labels#fingerprint()}) of the alerts notified as firing
 * @param resolved  fingerprints of those notified as resolved
 * @param timestamp when the notification was sent (the flush's time)
 * @param expiresAt when the entry may be forgotten
 */
public record NflogEntry(String groupKey, ReceiverKey receiver, Instant timestamp, List<Long> firing,
                         List<Long> resolved, Instant expiresAt) {

    public NflogEntry {
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(expiresAt, "expiresAt");
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }

    /** Whether every fingerprint of {@code subset} was notified as firing. */
    public boolean isFiringSubset(Set<Long> subset) {
        return new HashSet<>(firing).containsAll(subset);
    }

    /** Whether every fingerprint of {@code subset} was notified as resolved. */
    public boolean isResolvedSubset(Set<Long> subset) {
        return new HashSet<>(resolved).containsAll(subset);
    }
}
