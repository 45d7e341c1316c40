/**
 * The Alerts page ({@code /alerts}): firing and pending alerts with the silences muting them, the rules per group,
 * silences (create from an alert, edit, expire) and the notification history per receiver. It reads and changes
 * alerting only through {@link io.fluxtap.api.alerts.AlertControl}, the port the alerting module implements over the
 * services its REST APIs use. Silence matchers are typed one per line, {@code name="value"} (also {@code !=},
 * {@code =~}, {@code !~}), which {@link io.fluxtap.ui.alerts.MatcherLines} reads and writes.
 */
package io.fluxtap.ui.alerts;
