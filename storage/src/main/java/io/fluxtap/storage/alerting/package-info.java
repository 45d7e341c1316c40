/**
 * Alerting's persistence in DuckDB: the {@link io.fluxtap.api.StateStore} port over {@code alerting_state}
 * ({@link io.fluxtap.storage.alerting.DuckDbStateStore}), the {@link io.fluxtap.api.AlertHistory} port over the hot
 * tables {@code active_alert_history} and {@code active_notification_history}
 * ({@link io.fluxtap.storage.alerting.DuckDbAlertHistory}; exported hourly by the warehouse, expired by
 * {@code fluxtap.retention.alert-history}), and the history's REST API, {@code GET /api/v1/alerts/history} and
 * {@code GET /api/v1/notifications}, which read the views {@code alert_history} and {@code notification_history}
 * (hot and warehouse). Schema in migration V10.
 */
package io.fluxtap.storage.alerting;
