package io.fluxtap.alerting.server;

import io.fluxtap.alerting.rules.RuleTemplates;
import io.fluxtap.alerting.rules.TemplateData;

/**
 * Used only when no Go-template engine is on the class path (none registered through CDI or
 * {@code META-INF/services/io.fluxtap.alerting.rules.RuleTemplates}): labels and annotations are kept as written,
 * unexpanded, and the start-up log says so.
 */
final class LiteralRuleTemplates implements RuleTemplates {

    @Override
    public void check(String templateName, String text) {
    }

    @Override
    public String expand(String templateName, String text, TemplateData data) {
        return text;
    }
}
