/**
 * Prometheus rule files and their evaluation, as Prometheus' {@code model/rulefmt} and {@code rules} packages.
 * <ul>
 *   <li>{@link io.fluxtap.alerting.rules.RuleFileParser} reads and validates a file with Prometheus' errors;
 *       {@link io.fluxtap.alerting.rules.RuleFileChecker} is {@code promtool check rules};
 *       {@link io.fluxtap.alerting.rules.RuleFiles} resolves {@code fluxtap.alerting.rule-files}.</li>
 *   <li>{@link io.fluxtap.alerting.rules.RuleManager} builds {@link io.fluxtap.alerting.rules.RuleGroup}s and runs
 *       them at their slots; a group evaluates its {@link io.fluxtap.alerting.rules.AlertingRule}s and
 *       {@link io.fluxtap.alerting.rules.RecordingRule}s through api's {@code PromqlQueries} and {@code SqlQueries}
 *       ports ({@link io.fluxtap.alerting.rules.RuleQuery}) and writes their series through {@code RecordSink}.</li>
 *   <li>Seams implemented elsewhere: {@link io.fluxtap.alerting.rules.RuleTemplates} (the Go-template engine of
 *       {@code alerting.template}), {@link io.fluxtap.alerting.rules.AlertSender} (the dispatcher),
 *       {@link io.fluxtap.alerting.rules.AlertStateStore} (DuckDB through api's {@code StateStore}:
 *       {@code alerting.persist.StateStoreAlertStateStore}), {@link io.fluxtap.alerting.rules.AlertStateListener}
 *       (the alert history: {@code alerting.persist.HistoryRecorder}).</li>
 * </ul>
 * The module depends on api only: no storage class is used here.
 */
package io.fluxtap.alerting.rules;
