package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' alert field templates. The expectations are those of Prometheus' own template tests
 * (template/template_test.go) and of its template docs, so outputs match Prometheus byte for byte.
 */
class RuleTemplatesTest {

    private static final String URL = "http://testhost:9090/path/prefix";

    /** A query port that answers every query with the same vector and remembers what it was asked. */
    private static final class FixedQueries implements PromqlQueries {
        final List<PromqlQueries.Sample> result;
        final List<String> asked = new ArrayList<>();
        final List<Instant> at = new ArrayList<>();

        FixedQueries(PromqlQueries.Sample... samples) {
            result = List.of(samples);
        }

        @Override
        public void parse(String expr) {
        }

        @Override
        public Vector instant(String expr, Instant time) {
            asked.add(expr);
            at.add(time);
            return new Vector(result);
        }

        @Override
        public Matrix range(String expr, Instant start, Instant end, Duration step) {
            throw new UnsupportedOperationException();
        }
    }

    private static PromqlQueries.Sample sample(double value, String... labels) {
        return new PromqlQueries.Sample(Labels.of(labels), Instant.EPOCH, value);
    }

    /** Runs a template with Prometheus' functions over {@code input} as dot, as Prometheus' test does. */
    private static String run(String text, Object input, PromqlQueries queries) {
        return Template.create(RuleTemplates.functions(Instant.EPOCH, URL, queries, List.of()),
                Template.MissingKey.DEFAULT, Template.Limits.DEFAULT).parse("test", text).execute("test", input);
    }

    private static String run(String text, Object input) {
        return run(text, input, new FixedQueries());
    }

    private static String fails(String text, Object input) {
        return assertThrows(TemplateException.class, () -> run(text, input)).getMessage();
    }

    @Test
    void simpleValuesAndArgs() {
        assertEquals("plain text", run("plain text", null));
        assertEquals("1", run("{{ 1 }}", null));
        assertEquals("<b>", run("{{ \"<b>\" }}", null));
        assertEquals("<b>", run("{{ \"<b>\" | safeHtml }}", null));
        assertEquals("1 2", run("{{define \"x\"}}{{.arg0}} {{.arg1}}{{end}}{{template \"x\" (args 1 \"2\")}}", null));
        assertEquals("<no value>", run("{{ .Foo }}", null));
        assertEquals("template: test:1: unrecognized character in action: U+00A0", fails("{{\u00a0}}", null));
        assertEquals("template: test:1: unclosed action", fails("{{", null));
    }

    @Test
    void queriesAndSampleFunctions() {
        assertEquals("1.5", run("{{ query \"1.5\" | first | value }}", null, new FixedQueries(sample(1.5))));
        FixedQueries metric = new FixedQueries(sample(11, "__name__", "metric", "instance", "a"));
        assertEquals("11", run("{{ query \"metric{instance='a'}\" | first | value }}", null, metric));
        assertEquals("a", run("{{ query \"metric{instance='a'}\" | first | label \"instance\" }}", null, metric));
        assertEquals("", run("{{ query \"metric{instance='a'}\" | first | label \"foo\" }}", null, metric));
        assertEquals("", run("{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}", null, metric));
        assertEquals("a", run("{{ query \"metric{__value__='a'}\" | first | strvalue }}", null,
                new FixedQueries(sample(11, "__name__", "metric", "__value__", "a"))));
        assertEquals("a:11: b:21: ", run("{{ range query \"metric\" | sortByLabel \"instance\" }}"
                + "{{.Labels.instance}}:{{.Value}}: {{end}}", null, new FixedQueries(
                sample(21, "__name__", "metric", "instance", "b"), sample(11, "__name__", "metric", "instance", "a"))));
        assertEquals("template: test:1:21: executing \"test\" at <first>: error calling first: "
                + "first() called on vector with no elements", fails("{{ query \"missing\" | first }}", null));
    }

    @Test
    void queryRunsAtTheEvaluationTime() {
        FixedQueries queries = new FixedQueries(sample(42, "job", "api"));
        Instant eval = Instant.parse("2024-05-01T10:00:00Z");
        String out = RuleTemplates.expand("__alert_X", "{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}",
                Labels.EMPTY, Labels.EMPTY, 0, eval, URL, queries);
        assertEquals("42", out);
        assertEquals(List.of("up"), queries.asked);
        assertEquals(List.of(eval), queries.at);
    }

    @Test
    void humanize() {
        assertEquals("0:1:1.235M:120m:", run("{{ range . }}{{ humanize . }}:{{ end }}", List.of(0.0, 1.0, 1234567.0, .12)));
        assertEquals("0:1:1.235M:120m:", run("{{ range . }}{{ humanize . }}:{{ end }}", List.of("0.0", "1.0", "1234567.0", ".12")));
        assertEquals("0:-1:1:1.235M:9.223E:", run("{{ range . }}{{ humanize . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, Long.MAX_VALUE)));
        assertEquals("template: test:1:3: executing \"test\" at <humanize \"one\">: error calling humanize: "
                + "strconv.ParseFloat: parsing \"one\": invalid syntax", fails("{{ humanize \"one\" }}", null));
        assertEquals("1.5k 999 12.35u -2.5G", run("{{ humanize 1500 }} {{ humanize 999 }} {{ humanize 0.00001235 }} {{ humanize -2.5e9 }}", null));
    }

    @Test
    void humanize1024() {
        assertEquals("0:1:1Mi:0.12:", run("{{ range . }}{{ humanize1024 . }}:{{ end }}", List.of(0.0, 1.0, 1048576.0, .12)));
        assertEquals("0:1:1Mi:0.12:", run("{{ range . }}{{ humanize1024 . }}:{{ end }}", List.of("0.0", "1.0", "1048576.0", ".12")));
        assertEquals("0:-1:1:1.177Mi:8Ei:", run("{{ range . }}{{ humanize1024 . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, Long.MAX_VALUE)));
    }

    @Test
    void humanizeDuration() {
        assertEquals("0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:",
                run("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
                        List.of(0.0, 1.0, 60.0, 3600.0, 86400.0, 86400.0 + 3600, -(86400.0 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99)));
        assertEquals("0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:", run("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
                List.of("0", "1", "60", "3600", "86400")));
        assertEquals("100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:", run("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
                List.of(.1, .0001, .12345, 60.1, 60.5, 1.2345, 12.345)));
        assertEquals("0s:-1s:1s:14d 6h 56m 7s:", run("{{ range . }}{{ humanizeDuration . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L)));
    }

    @Test
    void infinitiesAndNaN() {
        assertEquals("+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:",
                run("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
                        List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN)));
        assertEquals("+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:",
                run("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
                        List.of("+Inf", "-Inf", "NaN")));
    }

    @Test
    void humanizePercentage() {
        assertEquals("-22.22%:0%:12.35%:123.5%", run("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:"
                + "{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}", null));
        assertEquals("0%:-100%:100%:1.235e+08%:9.223e+20%:", run("{{ range . }}{{ humanizePercentage . }}:{{ end }}",
                List.of(0L, -1L, 1L, 1234567L, Long.MAX_VALUE)));
        assertEquals("template: test:1:11: executing \"test\" at <humanizePercentage>: error calling humanizePercentage: "
                + "strconv.ParseFloat: parsing \"one\": invalid syntax", fails("{{ \"one\" | humanizePercentage }}", null));
    }

    @Test
    void timestampsAndTimes() {
        assertEquals("1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:"
                        + "1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:",
                run("{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", List.of(0L, -1L, 1L, 1234567L, 9223372036L)));
        assertEquals("template: test:1:16: executing \"test\" at <humanizeTimestamp .>: error calling humanizeTimestamp: "
                        + "-9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64",
                fails("{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", List.of(Long.MIN_VALUE, Long.MAX_VALUE)));
        assertEquals("2015-06-23 13:19:44.128 +0000 UTC", run("{{ 1435065584.128 | humanizeTimestamp }}", null));
        assertEquals("2015-06-23 13:19:44.128 +0000 UTC", run("{{ \"1435065584.128\" | humanizeTimestamp }}", null));
        assertEquals("2015", run("{{ (1435065584.128 | toTime).Format \"2006\" }}", null));
        assertEquals("2015", run("{{ (\"1435065584.128\" | toTime).Format \"2006\" }}", null));
        assertEquals("3720.01", run("{{ printf \"%0.2f\" (parseDuration \"1h2m10ms\") }}", null));
        assertEquals("1m30s", run("{{ toDuration 90 }}", null));
        assertEquals("0", run("{{ now }}", null));
    }

    @Test
    void strings() {
        assertEquals("xa", run("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}", null));
        assertEquals("a-b $ ", run("{{ reReplaceAll \"(?P<first>a)(b)\" \"${first}-$2 $$ $3\" \"ab\" }}", null));
        assertEquals("Aa Bb CC", run("{{ \"aa bb CC\" | title }}", null));
        assertEquals("AA BB CC", run("{{ \"aa bb CC\" | toUpper }}", null));
        assertEquals("aa bb cc", run("{{ \"aA bB CC\" | toLower }}", null));
        assertEquals("true false", run("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}", null));
        assertEquals("/graph?g0.expr=up&g0.tab=0", run("{{ graphLink \"up\" }}", null));
        assertEquals("/graph?g0.expr=up&g0.tab=1", run("{{ tableLink \"up\" }}", null));
        assertEquals("/path/prefix", run("{{ pathPrefix }}", null));
        assertEquals("http://testhost:9090/path/prefix", run("{{ externalURL }}", null));
        assertEquals("a%3Db+c", run("{{ urlQueryEscape \"a=b c\" }}", null));
    }

    @Test
    void stripPortAndStripDomain() {
        String[][] stripPort = {{"foo.example.com", "foo.example.com"}, {"foo.example.com:12345", "foo.example.com"},
                {"192.0.2.1", "192.0.2.1"}, {"192.0.2.1:12345", "192.0.2.1"}, {"2001:0DB8::1", "2001:0DB8::1"},
                {"[2001:0DB8::1]:12345", "2001:0DB8::1"}, {"[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345"}};
        for (String[] c : stripPort) {
            assertEquals(c[1], run("{{ \"" + c[0] + "\" | stripPort }}", null), c[0]);
        }
        String[][] stripDomain = {{"foo.example.com", "foo"}, {"foo.example.com:12345", "foo:12345"},
                {"192.0.2.1", "192.0.2.1"}, {"192.0.2.1:12345", "192.0.2.1:12345"}, {"2001:0DB8::1", "2001:0DB8::1"},
                {"[2001:0DB8::1]:12345", "[2001:0DB8::1]:12345"}, {"[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345"}};
        for (String[] c : stripDomain) {
            assertEquals(c[1], run("{{ \"" + c[0] + "\" | stripDomain }}", null), c[0]);
        }
    }

    @Test
    void alertFieldVariablesAsPrometheusDefinesThem() {
        Labels labels = Labels.of("alertname", "InstanceDown", "instance", "host:9100", "job", "node");
        Labels external = Labels.of("cluster", "eu1");
        String out = RuleTemplates.expand("__alert_InstanceDown",
                "{{$labels.instance}} of job {{$labels.job}} in {{ $externalLabels.cluster }} is {{ $value }}"
                        + " ({{ .Value | printf \"%.2f\" }}) see {{ $externalURL }} {{ $labels.missing }}|",
                labels, external, 1234567.0, Instant.EPOCH, "http://fluxtap:9090", null);
        assertEquals("host:9100 of job node in eu1 is 1.234567e+06 (1234567.00) see http://fluxtap:9090 |", out);
        assertEquals("Instance host:9100 down", RuleTemplates.expand("__alert_InstanceDown",
                "Instance {{$labels.instance}} down", labels, external, 0, Instant.EPOCH, "", null));
    }

    @Test
    void errorsNameTheTemplateAsPrometheusDoes() {
        TemplateException parse = assertThrows(TemplateException.class, () -> RuleTemplates.expand("__alert_X",
                "{{ nope }}", Labels.EMPTY, Labels.EMPTY, 0, Instant.EPOCH, "", null));
        assertEquals("error parsing template __alert_X: template: __alert_X:1: function \"nope\" not defined",
                parse.getMessage());
        TemplateException exec = assertThrows(TemplateException.class, () -> RuleTemplates.expand("__alert_X",
                "{{ humanize \"x\" }}", Labels.EMPTY, Labels.EMPTY, 0, Instant.EPOCH, "", null));
        assertEquals("error executing template __alert_X: template: __alert_X:1:115: executing \"__alert_X\" at "
                + "<humanize \"x\">: error calling humanize: strconv.ParseFloat: parsing \"x\": invalid syntax",
                exec.getMessage());
        assertEquals("<error expanding template: " + exec.getMessage() + ">", RuleTemplates.errorText(exec));
        assertEquals("<error expanding template: " + exec.getMessage() + ">", RuleTemplates.expandOrError("__alert_X",
                "{{ humanize \"x\" }}", Labels.EMPTY, Labels.EMPTY, 0, Instant.EPOCH, "", null, List.of()));
    }

    @Test
    void sampleRowsGivesUpToNRowsOfAnSqlRule() {
        List<Map<String, Object>> rows = List.of(
                Map.of("service", "api", "body", "timeout calling db", "value", 3L),
                Map.of("service", "api", "body", "connection reset", "value", 2L),
                Map.of("service", "web", "body", "oops", "value", 1L));
        String text = "{{ range sampleRows 2 }}{{ .service }}: {{ .body }}\n{{ end }}{{ len (sampleRows 10) }}"
                + "{{ range sampleRows 0 }}x{{ else }} none{{ end }}";
        assertEquals("api: timeout calling db\napi: connection reset\n3 none", RuleTemplates.expand("__alert_Errors",
                text, Labels.EMPTY, Labels.EMPTY, 3, Instant.EPOCH, "", null, rows));
        assertEquals("", RuleTemplates.expand("__alert_Errors", "{{ range sampleRows 5 }}x{{ end }}",
                Labels.EMPTY, Labels.EMPTY, 0, Instant.EPOCH, "", null));
    }

    @Test
    void sampleRowValuesBecomeGoValues() {
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("n", 7);
        row.put("avg", new java.math.BigDecimal("2.50"));
        row.put("at", java.sql.Timestamp.from(Instant.parse("2024-05-01T10:00:00.250Z")));
        row.put("ok", true);
        row.put("none", null);
        assertEquals("7 true 2.5 2024-05-01 10:00:00.25 +0000 UTC true <nil>",
                RuleTemplates.expand("__alert_X", "{{ with index (sampleRows 1) 0 }}{{ .n }} {{ eq .n 7 }} {{ .avg }} "
                        + "{{ .at }} {{ .ok }} {{ .none }}{{ end }}", Labels.EMPTY, Labels.EMPTY, 0, Instant.EPOCH, "",
                        null, List.of(row)));
    }
}
