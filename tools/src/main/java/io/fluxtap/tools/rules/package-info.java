/** {@code fluxtap rules check}: promtool's rule-file check over alerting's RuleFileChecker. */
package io.fluxtap.tools.rules;
