package io.fluxtap.tools.rules;

import io.fluxtap.alerting.rules.RuleTemplateException;
import io.fluxtap.alerting.rules.RuleTemplates;
import io.fluxtap.alerting.rules.TemplateData;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only stand-in for the Go-template engine (registered in this module's test resources until
 * alerting.template registers the real one): refuses variables Prometheus does not define, with Go's wording, and
 * expands the one form the conformance fixtures use, {@code {{ $labels.name }}}.
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

    private static final Pattern LABEL = Pattern.compile("\\{\\{\\s*\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    @Override
    public String expand(String templateName, String text, TemplateData data) {
        check(templateName, text);
        Matcher m = LABEL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(data.labels().getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        if (out.indexOf("{{") >= 0) {
            throw new RuleTemplateException("template: " + templateName + ": the test stand-in expands only "
                    + "{{ $labels.name }}");
        }
        return out.toString();
    }
}
