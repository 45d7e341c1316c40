/**
 * Silences as Alertmanager's {@code silence} package: states from start and end (active from start to end
 * inclusive), validation with its messages, updates in place only when the matchers stay and the state allows,
 * otherwise expire-and-create; expiry; muting with the marker written; collection after the retention. Persistence
 * is a {@link io.fluxtap.alerting.silence.SilenceStore}.
 */
package io.fluxtap.alerting.silence;
