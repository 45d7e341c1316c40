/**
 * Alerting's durable state and history over the ports of {@code api} only (no storage class): the notification
 * log ({@link io.fluxtap.alerting.persist.StateStoreNflogStore}), the silences
 * ({@link io.fluxtap.alerting.persist.StateStoreSilenceStore}) and the rules' alerts for {@code for} restoration
 * ({@link io.fluxtap.alerting.persist.StateStoreAlertStateStore}) as JSON documents of a
 * {@link io.fluxtap.api.StateStore}, in the namespaces {@code nflog}, {@code silences} and {@code alerts}; and
 * {@link io.fluxtap.alerting.persist.HistoryRecorder}, which hands the rules' state changes and the notification
 * attempts to an {@link io.fluxtap.api.AlertHistory}.
 *
 * <p>Documents keep every field exactly: times as ISO-8601 text with their nanoseconds, fingerprints as JSON
 * integers (signed 64-bit, as {@code Labels.fingerprint()} returns them), values that are not finite as the text
 * {@code NaN}, {@code Infinity}, {@code -Infinity}. Keys that combine several parts are JSON arrays of them, so no
 * part's content can make two keys equal. A document this code cannot read (written by a newer version, damaged)
 * is skipped with a warning at load rather than stopping the start.
 */
package io.fluxtap.alerting.persist;
