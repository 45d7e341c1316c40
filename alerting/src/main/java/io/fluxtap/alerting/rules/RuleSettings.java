package io.fluxtap.alerting.rules;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The rule engine's settings: the {@code fluxtap.alerting.*} keys (defaults in this module's
 * META-INF/microprofile-config.properties, documented in README.md's configuration table).
 *
 * @param ruleFiles          {@code fluxtap.alerting.rule-files}: comma-separated files and globs ({@link RuleFiles})
 * @param home               {@code fluxtap.home}, what relative rule files are resolved against; null: the working
 *                           directory
 * @param evaluationInterval {@code fluxtap.alerting.evaluation-interval}: a group's interval when it gives none
 * @param queryOffset        {@code fluxtap.alerting.query-offset}: a group's query_offset when it gives none
 * @param resendDelay        {@code fluxtap.alerting.resend-delay}: how often a firing alert is sent again
 * @param sqlSampleRows      {@code fluxtap.alerting.sql-sample-rows}: rows kept per alert of an {@code sql:} rule
 * @param externalURL        {@code fluxtap.alerting.external-url}: where generatorURL links point, "" for relative
 * @param externalLabels     {@code $externalLabels} in templates
 * @param nameValidation     {@code fluxtap.alerting.name-validation}: utf8 (Prometheus 3's default) or legacy
 */
public record RuleSettings(String ruleFiles, String home, Duration evaluationInterval, Duration queryOffset,
                           Duration resendDelay, int sqlSampleRows, String externalURL,
                           Map<String, String> externalLabels, NameValidation nameValidation) {

    public static final String DEFAULT_RULE_FILES = "conf/rules/*.yml";
    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RESEND_DELAY = Duration.ofMinutes(1);
    public static final int DEFAULT_SQL_SAMPLE_ROWS = 10;

    public RuleSettings {
        Objects.requireNonNull(ruleFiles, "ruleFiles");
        if (!evaluationInterval.isPositive()) {
            throw new IllegalArgumentException("the evaluation interval must be positive, was " + evaluationInterval);
        }
        if (queryOffset.isNegative()) {
            throw new IllegalArgumentException("the query offset must not be negative, was " + queryOffset);
        }
        if (resendDelay.isNegative()) {
            throw new IllegalArgumentException("the resend delay must not be negative, was " + resendDelay);
        }
        if (sqlSampleRows < 0) {
            throw new IllegalArgumentException("sql-sample-rows must not be negative, was " + sqlSampleRows);
        }
        externalURL = Objects.requireNonNullElse(externalURL, "");
        externalLabels = Map.copyOf(externalLabels);
        Objects.requireNonNull(nameValidation, "nameValidation");
    }
}
