/**
 * The dashboard's port into alerting ({@link io.fluxtap.api.alerts.AlertControl}): {@code AlertingControl} reads the
 * same alert store, marker, rules and silences as the API v2 and the Prometheus rules API (through the methods they
 * share on {@code Alerting}), and the notification history through the SQL port.
 */
package io.fluxtap.alerting.view;
