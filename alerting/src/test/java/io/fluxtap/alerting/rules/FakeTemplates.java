package io.fluxtap.alerting.rules;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Go-template engine, for these tests only: knows {@code {{ $labels.x }}}, {@code {{ $value }}},
 * {@code {{ $externalLabels.x }}} and {@code {{ sampleRows }}} (the count of rows), and refuses undefined variables
 * with Go's wording.
 */
final class FakeTemplates implements RuleTemplates {

    private static final Pattern ACTION = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern VARIABLE = Pattern.compile("\\$([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Set<String> DEFINED = Set.of("labels", "externalLabels", "externalURL", "value");

    @Override
    public void check(String templateName, String text) {
        Matcher action = ACTION.matcher(text);
        while (action.find()) {
            Matcher variable = VARIABLE.matcher(action.group(1));
            while (variable.find()) {
                if (!DEFINED.contains(variable.group(1))) {
                    throw new RuleTemplateException("template: " + templateName + ":1: undefined variable \"$"
                            + variable.group(1) + "\"");
                }
            }
        }
    }

    @Override
    public String expand(String templateName, String text, TemplateData data) {
        check(templateName, text);
        Matcher action = ACTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (action.find()) {
            String a = action.group(1);
            String value;
            if (a.equals("$value")) {
                value = format(data.value());
            } else if (a.startsWith("$labels.")) {
                value = data.labels().getOrDefault(a.substring(8), "");
            } else if (a.startsWith("$externalLabels.")) {
                value = data.externalLabels().getOrDefault(a.substring(16), "");
            } else if (a.equals("sampleRows")) {
                value = String.valueOf(data.sampleRows().size());
            } else if (a.equals("fail")) {
                throw new RuleTemplateException("template: " + templateName + ":1:3: executing \"" + templateName
                        + "\" at <fail>: error calling fail");
            } else {
                value = "";
            }
            action.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        action.appendTail(out);
        return out.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
