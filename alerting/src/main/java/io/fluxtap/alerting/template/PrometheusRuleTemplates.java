package io.fluxtap.alerting.template;

import io.fluxtap.alerting.rules.RuleTemplateException;
import io.fluxtap.alerting.rules.TemplateData;
import io.fluxtap.api.PromqlQueries;

/**
 * The rule engine's template seam ({@link io.fluxtap.alerting.rules.RuleTemplates}) over this package's Go-template
 * engine and Prometheus' functions ({@link RuleTemplates}). Registered for {@link java.util.ServiceLoader}, which
 * gives the no-argument form: it checks and expands, but its {@code query} function fails, having no store
 * (enough for {@code fluxtap rules check}); the server passes its {@link PromqlQueries}.
 */
public final class PrometheusRuleTemplates implements io.fluxtap.alerting.rules.RuleTemplates {

    private final PromqlQueries queries;

    /** For {@link java.util.ServiceLoader}: templates that call {@code query} fail when expanded. */
    public PrometheusRuleTemplates() {
        this(null);
    }

    /** @param queries where the templates' {@code query} function evaluates; null for none */
    public PrometheusRuleTemplates(PromqlQueries queries) {
        this.queries = queries;
    }

    @Override
    public void check(String templateName, String text) {
        try {
            RuleTemplates.check(templateName, text);
        } catch (TemplateException e) {
            throw new RuleTemplateException(e.getMessage(), e);
        }
    }

    @Override
    public String expand(String templateName, String text, TemplateData data) {
        try {
            return RuleTemplates.expand(templateName, text, new KV(data.labels()), new KV(data.externalLabels()),
                    data.value(), data.evaluationTime(), data.externalURL(), queries, data.sampleRows());
        } catch (TemplateException e) {
            throw new RuleTemplateException(e.getMessage(), e);
        }
    }
}
