package io.fluxtap.alerting.notify;

import io.fluxtap.api.Labels;

import java.time.Instant;

/**
 * Whether an alert is muted at an instant, as Alertmanager's {@code types.Muter}: implemented by the silences and
 * by the inhibitor, each behind its own {@link MuteStage}.
 */
@FunctionalInterface
public interface Muter {

    boolean mutes(Labels labels, Instant at);
}
