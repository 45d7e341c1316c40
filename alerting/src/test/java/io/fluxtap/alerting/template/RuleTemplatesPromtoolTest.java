package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against the real Prometheus: the annotations our engine expands are given to
 * {@code promtool test rules} (Debian's promtool, Prometheus 2.42) as the expected annotations of an alert whose
 * templates Prometheus itself expands; promtool passes only when every one is byte-identical.
 */
class RuleTemplatesPromtoolTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final Map<String, String> TEMPLATES = new LinkedHashMap<>();

    static {
        TEMPLATES.put("value", "{{ $value }}");
        TEMPLATES.put("humanize", "{{ $value | humanize }} {{ humanize 0.000123 }} {{ humanize 0 }} {{ humanize -1500 }}");
        TEMPLATES.put("humanize1024", "{{ humanize1024 $value }} {{ humanize1024 1023 }} {{ humanize1024 \"2048\" }}");
        TEMPLATES.put("durations", "{{ humanizeDuration 3725.5 }} {{ humanizeDuration 0.25 }} {{ humanizeDuration 90061 }}");
        TEMPLATES.put("percent", "{{ humanizePercentage 0.123456 }} {{ humanizePercentage 1 }}");
        TEMPLATES.put("timestamp", "{{ humanizeTimestamp 1435065584.128 }}|{{ humanizeTimestamp 0 }}");
        TEMPLATES.put("printf", "{{ printf \"%.2f|%5.1f|%d|%q|%x|%v|%-4s|%05.1f|%e|%g\" $value 3.14159 42 \"x\" 255 0.1 \"ab\" 2.5 $value 1e21 }}");
        TEMPLATES.put("strings", "{{ $labels.instance | stripPort | toUpper }} {{ title \"foo bar\" }} "
                + "{{ reReplaceAll \"h\\\\.(.*):.*\" \"$1\" $labels.instance }} {{ match \"^h\" $labels.instance }} "
                + "{{ toLower \"ABC\" }} {{ stripDomain $labels.instance }}");
        TEMPLATES.put("query", "{{ with query \"probe_value\" }}{{ . | first | value | humanize }}{{ end }} "
                + "{{ range query \"probe_value\" }}{{ .Labels.job }}:{{ .Value }}{{ end }} "
                + "{{ query \"probe_value\" | first | label \"instance\" }}");
        TEMPLATES.put("control", "{{ if gt $value 1000.0 }}big{{ else }}small{{ end }} "
                + "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} {{ with $labels.nothing }}x{{ else }}none{{ end }}");
        TEMPLATES.put("misc", "{{ len $labels }} {{ index $labels \"job\" }} {{ 1e6 }} {{ 0.1 }} {{ 1234567.0 }} {{ 100000.0 }} "
                + "{{ $labels }} {{ parseDuration \"1h30m\" }} {{ graphLink \"up == 0\" }} {{ tableLink \"rate(x[5m])\" }}");
        TEMPLATES.put("trim", "a  {{- \"b\" -}}  c {{/* comment */}}d {{- /* trimmed */ -}} e");
        TEMPLATES.put("define", "{{ define \"x\" }}{{ .arg0 }}-{{ .arg1 }}{{ end }}{{ template \"x\" (args 1 \"b\") }}");
        TEMPLATES.put("missing", "[{{ $labels.missing }}] {{ print nil }} {{ printf \"%s\" 1 }}");
    }

    @Test
    void ourExpansionsEqualPrometheus(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed");
        double value = 1234566.5;
        Labels labels = Labels.of("__name__", "probe_value", "instance", "h.example.com:9100", "job", "node");
        Instant evalTime = Instant.EPOCH.plus(Duration.ofMinutes(5));
        PromqlQueries queries = new PromqlQueries() {
            @Override
            public Vector instant(String expr, Instant at) {
                assertEquals(evalTime, at);
                return new Vector(List.of(new Sample(labels, at, value)));
            }

            @Override
            public Matrix range(String expr, Instant start, Instant end, Duration step) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void parse(String expr) {
            }
        };
        StringBuilder rules = new StringBuilder("groups:\n- name: g\n  rules:\n  - alert: TemplateProbe\n"
                + "    expr: probe_value > 0\n    annotations:\n");
        StringBuilder expected = new StringBuilder();
        for (Map.Entry<String, String> t : TEMPLATES.entrySet()) {
            rules.append("      ").append(t.getKey()).append(": ").append(json(t.getValue())).append('\n');
            String ours = RuleTemplates.expand("__alert_TemplateProbe", t.getValue(), labels, Labels.EMPTY, value,
                    evalTime, "", queries);
            expected.append("              ").append(t.getKey()).append(": ").append(json(ours)).append('\n');
        }
        Files.writeString(dir.resolve("rules.yml"), rules);
        Files.writeString(dir.resolve("test.yml"), """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'probe_value{job="node", instance="h.example.com:9100"}'
                        values: '1234566.5x10'
                    alert_rule_test:
                      - eval_time: 5m
                        alertname: TemplateProbe
                        exp_alerts:
                          - exp_labels: {job: node, instance: "h.example.com:9100"}
                            exp_annotations:
                """ + expected);
        Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", "test.yml").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool disagrees with our expansions:\n" + output);
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
