package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Passes a flush on only when it tells the integration something new, as Alertmanager's {@code DedupStage}, and
 * puts the firing and resolved fingerprints into the context for the stages after it.
 */
public record DedupStage(NotificationLog log, ReceiverKey receiver, boolean sendResolved) implements Stage {

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) {
        List<Long> firing = new ArrayList<>();
        List<Long> resolved = new ArrayList<>();
        for (Alert alert : alerts) {
            (alert.isResolvedAt(context.now()) ? resolved : firing).add(alert.fingerprint());
        }
        NotifyContext next = context.withAlerts(firing, resolved);
        Optional<NflogEntry> entry = log.query(context.groupKey(), receiver);
        boolean send = needsUpdate(entry.orElse(null), new HashSet<>(firing), new HashSet<>(resolved),
                context.repeatInterval(), context.now());
        return new Step(next, send ? alerts : List.of());
    }

    /**
     * Alertmanager's {@code needsUpdate}: nothing logged: send if anything fires; a firing alert not notified
     * before: send; nothing firing now: send if something fired before (the "all resolved" notification); with
     * send_resolved, a resolved alert not notified as resolved before: send; else send when the last notification
     * is older than the repeat interval.
     */
    boolean needsUpdate(NflogEntry entry, Set<Long> firing, Set<Long> resolved, Duration repeat, Instant now) {
        if (entry == null) {
            return !firing.isEmpty();
        }
        if (!entry.isFiringSubset(firing)) {
            return true;
        }
        if (firing.isEmpty()) {
            return !entry.firing().isEmpty();
        }
        if (sendResolved && !entry.isResolvedSubset(resolved)) {
            return true;
        }
        return entry.timestamp().isBefore(now.minus(repeat));
    }
}
