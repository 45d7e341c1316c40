/**
 * The notification pipeline as Alertmanager's {@code notify} package: small {@link io.fluxtap.alerting.notify.Stage}s
 * put together by {@link io.fluxtap.alerting.notify.NotificationPipeline#build}: per receiver, inhibition
 * ({@link io.fluxtap.alerting.notify.MuteStage}), active and mute time intervals
 * ({@link io.fluxtap.alerting.notify.TimeMuteStage}), silences (another {@code MuteStage}), then for every
 * integration of the receiver: {@link io.fluxtap.alerting.notify.DedupStage} against the
 * {@link io.fluxtap.alerting.notify.NotificationLog}, {@link io.fluxtap.alerting.notify.RetryStage} (the
 * {@link io.fluxtap.api.Notifier} with exponential backoff until the flush's deadline, retryable failures only),
 * {@link io.fluxtap.alerting.notify.SetNotifiesStage}. Alertmanager's gossip-settle and peer wait stages are cluster
 * features and left out.
 *
 * <p>The notification log keys entries by group key and {@link io.fluxtap.alerting.notify.ReceiverKey}, and stores
 * alert fingerprints as {@link io.fluxtap.api.Labels#fingerprint()} (Alertmanager hashes with xxhash there; the log
 * is ours alone, so only consistency matters). Its persistence is an {@link io.fluxtap.alerting.notify.NflogStore}.
 */
package io.fluxtap.alerting.notify;
