package io.fluxtap.tools.rules;

import io.fluxtap.alerting.rules.RuleTemplateException;
import io.fluxtap.alerting.rules.RuleTemplates;
import io.fluxtap.alerting.rules.TemplateData;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only stand-in for the Go-template engine (registered in this module's test resources until
 * alerting.template registers the real one): refuses variables Prometheus does not define, with Go's wording.
 */
public final class UndefinedVariableTemplates implements RuleTemplates {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{[^}]*?\\$([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Set<String> DEFINED = Set.of("labels", "externalLabels", "externalURL", "value");

    @Override
    public void check(String templateName, String text) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (!DEFINED.contains(m.group(1))) {
                throw new RuleTemplateException("template: " + templateName + ":1: undefined variable \"$" + m.group(1)
                        + "\"");
            }
        }
    }

    @Override
    public String expand(String templateName, String text, TemplateData data) {
        throw new UnsupportedOperationException("rules check expands nothing");
    }
}
