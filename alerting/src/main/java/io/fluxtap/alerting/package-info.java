/**
 * Alert rule evaluation and Alertmanager-style routing (rules, dispatch, inhibit, silence, notify).
 * The module is part of the build layout from DESIGN.md; its stages arrive with the alerting issues.
 */
package io.fluxtap.alerting;
