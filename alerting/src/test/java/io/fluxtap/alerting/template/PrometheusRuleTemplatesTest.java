package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxtap.alerting.rules.RuleTemplateException;
import io.fluxtap.alerting.rules.RuleTemplates;
import io.fluxtap.alerting.rules.TemplateData;
import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PrometheusRuleTemplatesTest {

    private static final Instant EVAL = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theRuleEngineFindsTheEngineThroughServiceLoader() {
        RuleTemplates found = ServiceLoader.load(RuleTemplates.class).findFirst().orElseThrow();
        assertInstanceOf(PrometheusRuleTemplates.class, found);
    }

    @Test
    void checkRefusesWhatPrometheusRefusesWithGosMessage() {
        RuleTemplates templates = new PrometheusRuleTemplates();
        templates.check("__alert_InstanceDown", "{{ $labels.instance }} down for {{ $value | humanizeDuration }}");
        RuleTemplateException e = assertThrows(RuleTemplateException.class,
                () -> templates.check("__alert_InstanceDown", "{{ $label.instance }}"));
        assertEquals("template: __alert_InstanceDown:1: undefined variable \"$label\"", e.getMessage());
        assertThrows(RuleTemplateException.class, () -> templates.check("__alert_X", "{{ nosuchfunction 1 }}"));
    }

    @Test
    void expandSeesLabelsExternalLabelsValueAndQueries() {
        PromqlQueries queries = new PromqlQueries() {
            @Override
            public Vector instant(String expr, Instant at) {
                assertEquals(EVAL, at, "query runs at the evaluation time");
                return new Vector(List.of(new Sample(Labels.of("job", expr), at, 3)));
            }

            @Override
            public Matrix range(String expr, Instant start, Instant end, Duration step) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void parse(String expr) {
            }
        };
        RuleTemplates templates = new PrometheusRuleTemplates(queries);
        TemplateData data = new TemplateData(Map.of("instance", "db1"), Map.of("dc", "eu"), "http://fx:8080", 0.5,
                EVAL, List.of());
        assertEquals("db1 in eu at 50% (3: up)", templates.expand("__alert_X",
                "{{ $labels.instance }} in {{ $externalLabels.dc }} at {{ $value | humanizePercentage }}"
                        + " ({{ with query \"up\" }}{{ . | first | value }}: {{ . | first | label \"job\" }}{{ end }})",
                data));
        RuleTemplateException e = assertThrows(RuleTemplateException.class,
                () -> templates.expand("__alert_X", "{{ index $labels }}{{ template \"nope\" }}", data));
        assertEquals(true, e.getMessage().startsWith("error executing template __alert_X: "), e.getMessage());
    }
}
