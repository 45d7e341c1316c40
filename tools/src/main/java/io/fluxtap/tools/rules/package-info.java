/**
 * {@code fluxtap rules check}: promtool's rule-file check over alerting's RuleFileChecker; {@code fluxtap rules test}:
 * promtool's rule unit tests ({@link io.fluxtap.tools.rules.UnitTestRunner}) over alerting's rule groups and
 * storage's PromQL engine, in virtual time over an in-memory store.
 */
package io.fluxtap.tools.rules;
