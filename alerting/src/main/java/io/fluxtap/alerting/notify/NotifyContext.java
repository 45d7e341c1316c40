package io.fluxtap.alerting.notify;

import io.fluxtap.api.Labels;
import io.fluxtap.api.Notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Alertmanager carries in the pipeline's {@code context.Context}: set by the aggregation group at a flush;
 * the firing and resolved fingerprints are added by the {@link DedupStage} for the stages after it.
 *
 * @param now      the flush's tick time: the one time every stage uses
 * @param deadline when retrying stops (the flush's timeout, Alertmanager's {@code max(group_interval, 10s)})
 * @param firing   fingerprints of the firing alerts, null before the dedup stage
 * @param resolved fingerprints of the resolved alerts, null before the dedup stage
 */
public record NotifyContext(String receiver, String groupKey, Labels groupLabels, Instant now, Instant deadline,
                            Duration repeatInterval, List<String> muteTimeIntervals,
                            List<String> activeTimeIntervals, List<Long> firing, List<Long> resolved) {

    public NotifyContext {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(groupLabels, "groupLabels");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
        firing = firing == null ? null : List.copyOf(firing);
        resolved = resolved == null ? null : List.copyOf(resolved);
    }

    public NotifyContext withAlerts(List<Long> firingFingerprints, List<Long> resolvedFingerprints) {
        return new NotifyContext(receiver, groupKey, groupLabels, now, deadline, repeatInterval, muteTimeIntervals,
                activeTimeIntervals, firingFingerprints, resolvedFingerprints);
    }

    /** The notifier's view of this context. */
    public Notifier.Context notifierContext() {
        return new Notifier.Context(receiver, groupKey, groupLabels, now, deadline);
    }
}
