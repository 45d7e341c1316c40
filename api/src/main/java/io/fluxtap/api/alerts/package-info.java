/**
 * What the dashboard's Alerts page reads and changes in alerting, without depending on the alerting module:
 * {@link io.fluxtap.api.alerts.AlertControl} and the records it returns. The alerting module implements it over the
 * same alert store, rules, silences and history the Alertmanager and Prometheus APIs show, so the page and the REST
 * API never disagree.
 */
package io.fluxtap.api.alerts;
