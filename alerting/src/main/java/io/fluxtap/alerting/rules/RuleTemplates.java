package io.fluxtap.alerting.rules;

/**
 * The seam to the Go-template engine ({@code io.fluxtap.alerting.template}, which implements it at merge): how
 * rule labels and annotations are checked at load and expanded at evaluation, as Prometheus'
 * {@code template.NewTemplateExpander} does with the definitions
 * {@code {{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}}
 * put before the text on the same line (so line numbers in errors are the text's own).
 */
public interface RuleTemplates {

    /**
     * Parses the text as Prometheus' {@code ParseTest} does (no execution).
     *
     * @param templateName {@code __alert_<alertname>}, the name Go's errors carry
     * @throws RuleTemplateException with Go's message, e.g.
     *                               {@code template: __alert_InstanceDown:1: undefined variable "$label"}
     */
    void check(String templateName, String text);

    /**
     * Expands the text with the alert's data (the engine's {@code query} function evaluates through its own
     * {@code PromqlQueries}; {@code sampleRows N} renders up to N of {@link TemplateData#sampleRows()}).
     *
     * @throws RuleTemplateException with Go's message when parsing or executing fails
     */
    String expand(String templateName, String text, TemplateData data);
}
