package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the real Alertmanager: {@code amtool template render} (Debian's amtool 0.25) runs a
 * template in Go over its built-in example data; we run the same template over the same data (built below as
 * amtool builds it, times left out since amtool dates them from now) and compare the output byte for byte, for
 * Alertmanager's own default.tmpl and for our default.tmpl.
 */
class NotificationTemplatesAmtoolTest {

    private static final Path AMTOOL = Path.of("/usr/bin/amtool");
    private static final Path UPSTREAM = Path.of("../../shared/conformance/alertmanager/spec/default.tmpl");

    /** amtool's example data (cli/template_render.go), but for the times. */
    private static NotificationData amtoolData() {
        GoTime t = GoTime.utc(Instant.parse("2024-01-01T00:00:00Z"));
        Map<String, String> common = Map.of("commonlabelkey1", "commonlabelvalue1", "commonlabelkey2", "commonlabelvalue2");
        Map<String, String> commonAnnotations = Map.of("commonannotationkey1", "commonannotationvalue1",
                "commonannotationkey2", "commonannotationvalue2");
        Map<String, String> labels1 = new java.util.HashMap<>(common);
        labels1.putAll(Map.of("instance", "foo.bar:1234", "label1", "value1", "label2", "value2"));
        Map<String, String> annotations1 = new java.util.HashMap<>(commonAnnotations);
        annotations1.putAll(Map.of("annotation1", "value1", "annotation2", "value2"));
        Map<String, String> labels2 = new java.util.HashMap<>(common);
        labels2.putAll(Map.of("foo", "bar", "baz", "qux"));
        Map<String, String> annotations2 = new java.util.HashMap<>(commonAnnotations);
        annotations2.putAll(Map.of("aaa", "bbb", "ccc", "ddd"));
        return new NotificationData("receiver", "alertstatus", new NotificationAlert.Alerts(List.of(
                new NotificationAlert("alertstatus", new KV(labels1), new KV(annotations1), t, t,
                        "https://generatorurl.com", "fingerprint1"),
                new NotificationAlert("alertstatus", new KV(labels2), new KV(annotations2), t, t,
                        "https://generatorurl.com", "fingerprint2"))),
                new KV(Map.of("grouplabelkey1", "grouplabelvalue1", "grouplabelkey2", "grouplabelvalue2")),
                new KV(common), new KV(commonAnnotations), "https://example.com");
    }

    private static final String TEXT = String.join("\n--\n",
            "{{ template \"__subject\" . }}",
            "{{ template \"slack.default.fallback\" . }}",
            "{{ template \"pagerduty.default.instances\" .Alerts }}",
            "{{ template \"opsgenie.default.description\" . }}",
            "{{ template \"wechat.default.message\" . }}",
            "{{ template \"pushover.default.message\" . }}",
            "{{ template \"msteams.default.text\" . }}",
            "{{ template \"__text_alert_list_markdown\" .Alerts }}",
            "{{ .Receiver }}|{{ .Status }}|{{ .GroupLabels }}|{{ .CommonLabels }}|{{ .ExternalURL }}",
            "{{ range .Alerts }}{{ .Labels }} {{ .Annotations }} {{ .GeneratorURL }} {{ .Fingerprint }};{{ end }}",
            "{{ range .Alerts }}{{ .Labels.SortedPairs }} {{ .Labels.Names }} {{ .Annotations.Values }}{{ end }}",
            "{{ .CommonLabels.Remove (stringSlice \"commonlabelkey1\") }} {{ (.CommonLabels.Remove .GroupLabels.Names).Values | join \",\" }}",
            "{{ toUpper .Receiver }} {{ toLower \"AbC\" }} {{ title \"hello wORld-x_y z\" }} {{ match \"^rec\" .Receiver }}",
            "{{ reReplaceAll \"value([0-9])\" \"v$1\" \"value1 value2\" }} {{ safeHtml \"<b>\" }} {{ urlquery .ExternalURL }}",
            "{{ printf \"%5.1f|%-6s|%q|%03d|%x|%v|%v|%v\" 3.14159 \"ab\" .Status 7 \"hi\" 1e6 0.000012 (len .Alerts) }}",
            "{{ $n := 0 }}{{ range $i, $a := .Alerts }}{{ if $i }},{{ end }}{{ $n = $i }}{{ $a.Fingerprint }}{{ end }} {{ $n }}",
            "{{ range $k, $v := .CommonAnnotations }}{{ $k }}={{ $v }} {{ end }}{{ with .Alerts.Firing }}x{{ else }}no firing{{ end }}",
            "{{- /* trim */ -}}   {{ \"a\" -}}   {{- \"b\" }} {{ html \"<&>\" }} {{ js \"'\" }} {{ print 1 2 \"x\" 3 }} {{ println \"y\" }}",
            "{{ index .GroupLabels \"grouplabelkey1\" }} {{ index .GroupLabels \"nope\" }}|{{ .GroupLabels.nope }}| {{ slice .Receiver 1 3 }}",
            "{{ eq .Status \"alertstatus\" \"x\" }} {{ ne 1 2 }} {{ lt 1.5 2.5 }} {{ and 1 0 }} {{ or 0 \"\" }} {{ not .Alerts }}",
            "{{ define \"my\" }}[{{ . }}]{{ end }}{{ template \"my\" \"x\" }}{{ block \"blk\" .Receiver }}<{{ . }}>{{ end }}",
            "{{ range $i, $a := .Alerts }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $a.Fingerprint }}{{ end }}|"
                    + "{{ range .Alerts }}{{ if eq .Fingerprint \"fingerprint1\" }}{{ continue }}{{ end }}{{ .Fingerprint }}{{ end }}",
            "{{ if eq .Status \"firing\" }}f{{ else if eq .Status \"alertstatus\" }}a{{ else }}r{{ end }} "
                    + "{{ with .CommonLabels.nothing }}x{{ else }}y{{ end }} {{ range .Alerts.Resolved }}x{{ else }}empty{{ end }}",
            "{{ printf \"%v %v %v %v %v\" 1e21 1e20 123456789.0 -0.0 100000.0 }} {{ printf \"%.3g|%10.4e|%+d|%x|%08.3f\" 1234.5678 0.000123 5 -255 -3.14159 }}",
            "{{ len \"h\u00e9llo\" }} {{ \"\\u00e9\\t\\x41\" }} {{ 'a' }} {{ 0x1F }} {{ 1_000 }} {{ 0o17 }} {{ printf \"%q\" \"h\u00e9llo\\n\" }}",
            "{{ urlquery \"a b\" \"c\" }} {{ js \"<script>\" }} {{ slice \"hello\" 1 }} {{ print nil 1 }} {{ printf \"%d %s\" \"x\" }} {{ printf \"%d\" 1 2 }}",
            "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ $y }}{{ end }}{{ $x }} {{ with $r := .Receiver }}{{ $r }}{{ end }}",
            "{{ .Alerts.Firing }}|{{ .GroupLabels.SortedPairs.Names }}|{{ (index .Alerts 1).Labels.foo }}");

    private static String amtool(Path glob, String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(AMTOOL.toString(), "template", "render", "--template.glob=" + glob,
                "--template.text=" + text).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "amtool did not finish");
        assertEquals(0, p.exitValue(), "amtool failed: " + out);
        return out;
    }

    @Test
    void upstreamDefaultsAndFunctionsRenderAsAmtoolRendersThem() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(AMTOOL), "amtool is not installed");
        String go = amtool(UPSTREAM.toAbsolutePath(), TEXT);
        NotificationTemplates upstream = NotificationTemplates.ofTexts(Map.of("default.tmpl", Files.readString(UPSTREAM)),
                java.time.Clock.systemUTC());
        assertSections(go, upstream.render(TEXT, amtoolData()), "upstream default.tmpl");
        // and Fluxtap's own default.tmpl gives the same text
        assertSections(go, NotificationTemplates.defaults().render(TEXT, amtoolData()), "our default.tmpl");
    }

    private static void assertSections(String go, String ours, String what) {
        String[] expected = go.split("\n--\n", -1);
        String[] actual = ours.split("\n--\n", -1);
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            assertEquals(expected[i], actual[i], what + ", section " + i + ": " + TEXT.split("\n--\n")[i]);
        }
        assertEquals(go, ours, what);
    }
}
