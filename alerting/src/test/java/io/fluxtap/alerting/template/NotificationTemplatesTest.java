package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationTemplatesTest {

    /** Alertmanager's own default.tmpl, read from the conformance specs (never copied into the repository). */
    private static final Path UPSTREAM = Path.of("../../shared/conformance/alertmanager/spec/default.tmpl");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);

    private static NotificationAlert alert(String status, Map<String, String> labels, Map<String, String> annotations) {
        Instant start = Instant.parse("2024-03-01T11:00:00.123Z");
        return new NotificationAlert(status, new KV(labels), new KV(annotations), GoTime.utc(start),
                status.equals("resolved") ? GoTime.utc(start.plusSeconds(600)) : GoTime.ZERO,
                "http://prometheus:9090/graph?g0.expr=up+%3D%3D+0", "a105e054dfb59f59");
    }

    private static NotificationAlert firing(String instance, String severity) {
        return alert("firing", Map.of("alertname", "InstanceDown", "job", "node", "instance", instance,
                        "severity", severity),
                Map.of("summary", "Instance " + instance + " down", "description", instance + " is down",
                        "runbook", "http://wiki/InstanceDown"));
    }

    private static NotificationAlert resolved(String instance, String severity) {
        return alert("resolved", Map.of("alertname", "InstanceDown", "job", "node", "instance", instance,
                        "severity", severity),
                Map.of("summary", "Instance " + instance + " down", "runbook", "http://wiki/InstanceDown"));
    }

    private static Map<String, NotificationData> dataSets() {
        KV group = new KV(Map.of("alertname", "InstanceDown"));
        String url = "http://fluxtap:9093";
        return Map.of(
                "firing only", NotificationData.of("team-x.slack", group,
                        List.of(firing("a:9100", "warning"), firing("b:9100", "critical")), url),
                "resolved only", NotificationData.of("pager", group, List.of(resolved("a:9100", "info")), url),
                "mixed", NotificationData.of("team x", new KV(Map.of("alertname", "InstanceDown", "job", "node")),
                        List.of(firing("a:9100", "info"), resolved("b:9100", "warning"), firing("c:9100", "info")), url),
                "empty annotations", NotificationData.of("webhook", KV.EMPTY,
                        List.of(alert("firing", Map.of("alertname", "Watchdog"), Map.of()),
                                alert("resolved", Map.of("alertname", "Other", "team", "db"), Map.of())), ""),
                "no alerts", NotificationData.of("empty", KV.EMPTY, List.of(), url));
    }

    @Test
    void ourDefaultsRenderExactlyAsAlertmanagersDefaultTmpl() throws IOException {
        NotificationTemplates upstream = NotificationTemplates.ofTexts(
                Map.of("default.tmpl", Files.readString(UPSTREAM)), CLOCK);
        NotificationTemplates ours = NotificationTemplates.load(List.of(), CLOCK);
        Set<String> names = definedNames(Files.readString(UPSTREAM));
        assertTrue(names.size() > 60, "upstream names: " + names);
        // These take a list of alerts as dot (Alertmanager calls them with .Alerts.Firing and the like).
        Set<String> overAlerts = Set.of("__text_alert_list", "__text_alert_list_markdown", "pagerduty.default.instances");
        int compared = 0;
        for (Map.Entry<String, NotificationData> set : dataSets().entrySet()) {
            NotificationData data = set.getValue();
            for (String name : names) {
                assertTrue(ours.has(name), "our default.tmpl lacks " + name);
                if (overAlerts.contains(name)) {
                    for (Object dot : List.of(data.alerts(), data.alerts().firing(), data.alerts().resolved())) {
                        assertEquals(upstream.execute(name, dot), ours.execute(name, dot), name + " over " + set.getKey());
                    }
                } else {
                    assertEquals(upstream.execute(name, data), ours.execute(name, data), name + " over " + set.getKey());
                }
                compared++;
            }
        }
        assertEquals(names.size() * dataSets().size(), compared);
    }

    private static Set<String> definedNames(String text) {
        Set<String> names = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("define \"([^\"]+)\"").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void defaultSubjectAndSlackTexts() {
        NotificationData data = dataSets().get("firing only");
        NotificationTemplates t = NotificationTemplates.load(List.of(), CLOCK);
        assertEquals("[FIRING:2] InstanceDown (node)", t.execute("__subject", data));
        assertEquals("[FIRING:2] InstanceDown (node)", t.execute("slack.default.title", data));
        assertEquals("Alertmanager", t.execute("slack.default.username", data));
        assertEquals("http://fluxtap:9093/#/alerts?receiver=team-x%5C.slack", t.execute("slack.default.titlelink", data));
        assertEquals("[FIRING:2] InstanceDown (node) | http://fluxtap:9093/#/alerts?receiver=team-x%5C.slack",
                t.execute("slack.default.fallback", data));
        assertEquals("[RESOLVED] InstanceDown (a:9100 node info)", t.execute("__subject", dataSets().get("resolved only")));
        assertEquals("danger", t.execute("slack.default.color", data));
        assertEquals("good", t.execute("slack.default.color", dataSets().get("resolved only")));
        assertEquals("High", t.execute("jira.default.priority", data));
        assertEquals("Low", t.execute("jira.default.priority", dataSets().get("resolved only")));
        assertEquals("""
                Labels:
                 - alertname = InstanceDown
                 - instance = a:9100
                 - job = node
                 - severity = info
                Annotations:
                 - runbook = http://wiki/InstanceDown
                 - summary = Instance a:9100 down
                Source: http://prometheus:9090/graph?g0.expr=up+%3D%3D+0
                """, t.execute("pagerduty.default.instances", dataSets().get("resolved only").alerts()));
    }

    @Test
    void dataModelAsAlertmanagerBuildsIt() {
        NotificationData mixed = dataSets().get("mixed");
        assertEquals("firing", mixed.status());
        assertEquals("resolved", dataSets().get("resolved only").status());
        // Alertmanager's status is "firing" only when some alert fires (model.Alerts.Status), so none is "resolved"
        assertEquals("resolved", dataSets().get("no alerts").status());
        assertEquals("team x", mixed.receiver());
        assertEquals("team-x\\.slack", dataSets().get("firing only").receiver());
        assertEquals(Map.of("alertname", "InstanceDown", "job", "node"), mixed.commonLabels());
        assertEquals(Map.of("runbook", "http://wiki/InstanceDown"), mixed.commonAnnotations());
        NotificationTemplates t = NotificationTemplates.defaults();
        assertEquals("2 1 a:9100,c:9100", t.render("{{ len .Alerts.Firing }} {{ len .Alerts.Resolved }} "
                + "{{ range $i, $a := .Alerts.Firing }}{{ if $i }},{{ end }}{{ $a.Labels.instance }}{{ end }}", mixed));
        assertEquals("[alertname instance job severity] [InstanceDown a:9100 node info] map[alertname:InstanceDown]",
                t.render("{{ with index .Alerts 0 }}{{ .Labels.Names }} {{ .Labels.Values }}{{ end }} "
                        + "{{ .CommonLabels.Remove (stringSlice \"job\") }}", mixed));
        // alertname first in SortedPairs, as Alertmanager sorts
        assertEquals("alertname=X a=1 z=2 ", t.render("{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}",
                NotificationData.of("r", KV.EMPTY, List.of(alert("firing", Map.of("z", "2", "alertname", "X", "a", "1"), Map.of())), "")));
    }

    @Test
    void timesPrintAsGoTimeAndFormatWithGoLayouts() {
        NotificationData data = dataSets().get("resolved only");
        NotificationTemplates t = NotificationTemplates.load(List.of(), CLOCK);
        assertEquals("2024-03-01 11:00:00.123 +0000 UTC | 2024-03-01 11:10:00.123 +0000 UTC",
                t.render("{{ (index .Alerts 0).StartsAt }} | {{ (index .Alerts 0).EndsAt }}", data));
        assertEquals("0001-01-01 00:00:00 +0000 UTC true",
                t.render("{{ (index .Alerts 0).EndsAt }} {{ (index .Alerts 0).EndsAt.IsZero }}", dataSets().get("firing only")));
        assertEquals("2024-03-01T11:00:00Z Fri Mar  1 11:00:00.123 PM=AM 03/01/24",
                t.render("{{ with index .Alerts 0 }}{{ date \"2006-01-02T15:04:05Z07:00\" .StartsAt }} "
                        + "{{ .StartsAt.Format \"Mon Jan _2 15:04:05.000\" }} PM={{ .StartsAt.Format \"PM\" }} "
                        + "{{ date \"01/02/06\" .StartsAt }}{{ end }}", data));
        assertEquals("2024-03-01 12:00:00.123 +0100 CET", t.render("{{ (index .Alerts 0).StartsAt | tz \"Europe/Paris\" }}", data));
        assertEquals("13:00 +02:00", t.render("{{ (index .Alerts 0).StartsAt | tz \"Europe/Berlin\" | date \"15:04 -07:00\" }}",
                NotificationData.of("r", KV.EMPTY, List.of(new NotificationAlert("firing", KV.EMPTY, KV.EMPTY,
                        GoTime.utc(Instant.parse("2024-07-01T11:00:00Z")), null, null, null)), "")));
        assertEquals("59m59.877s 1h 0m 0s", t.render("{{ with index .Alerts 0 }}{{ since .StartsAt }} {{ humanizeDuration 3600 }}{{ end }}", data));
        assertTrue(assertThrows(TemplateException.class, () -> t.render("{{ tz \"Mars/Base\" (index .Alerts 0).StartsAt }}", data))
                .getMessage().endsWith("error calling tz: unknown time zone Mars/Base"));
    }

    @Test
    void stringFunctions() {
        NotificationTemplates t = NotificationTemplates.defaults();
        NotificationData data = dataSets().get("no alerts");
        assertEquals("HELLO hello Hello World Don't x a,b 2 true x-1 <b> a b/c x+y",
                t.render("{{ toUpper \"hello\" }} {{ toLower \"HeLLo\" }} {{ title \"hello world\" }} {{ title \"don't\" }} "
                        + "{{ trimSpace \"  x \\n\" }} {{ stringSlice \"a\" \"b\" | join \",\" }} {{ len (stringSlice \"a\" \"b\") }} "
                        + "{{ match \"^a.c$\" \"abc\" }} {{ reReplaceAll \"([a-z])([0-9])\" \"$1-$2\" \"x1\" }} {{ safeHtml \"<b>\" }} "
                        + "{{ urlUnescape \"a+b%2Fc\" }} {{ safeUrl \"x+y\" }}", data));
        assertEquals("aGk_ hi? [1 2] 2", t.render("{{ base64encode \"hi?\" }} {{ base64decode \"aGk_\" }} {{ list 1 2 }} {{ (dict \"a\" 1 \"b\" 2).b }}", data));
        assertEquals("", t.render("", data));
        assertEquals("template: :1:3: executing \"\" at <.Missing>: can't evaluate field Missing in type *template.Data",
                assertThrows(TemplateException.class, () -> t.render("{{ .Missing }}", data)).getMessage());
        assertEquals("<nil>|", t.render("{{ (dict \"a\" 1).b }}|", data));
    }

    @Test
    void userFilesByGlobOverrideAndExtendTheDefaults(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.tmpl"), "{{ define \"slack.myorg.text\" }}https://wiki/{{ .GroupLabels.alertname }}{{ end }}");
        Files.writeString(dir.resolve("b.tmpl"), "{{ define \"__alertmanager\" }}Fluxtap{{ end }}");
        Files.writeString(dir.resolve("ignored.txt"), "{{ broken");
        NotificationTemplates t = NotificationTemplates.load(List.of(dir.resolve("*.tmpl"), dir.resolve("none-*.tmpl")), CLOCK);
        NotificationData data = dataSets().get("firing only");
        assertEquals("https://wiki/InstanceDown", t.execute("slack.myorg.text", data));
        assertEquals("Fluxtap", t.execute("slack.default.username", data));
        assertEquals("https://wiki/InstanceDown!", t.render("{{ template \"slack.myorg.text\" . }}!", data));

        Files.writeString(dir.resolve("c.tmpl"), "line one\n{{ define \"x\" }}{{ end }\n");
        TemplateException e = assertThrows(TemplateException.class, () -> NotificationTemplates.load(List.of(dir.resolve("*.tmpl"))));
        assertEquals("template: c.tmpl:2: unrecognized character in action: U+007D '}'", e.getMessage());
        assertFalse(NotificationTemplates.defaults().has("slack.myorg.text"));
    }

    @Test
    void notificationExamplesFromTheDocs() {
        NotificationTemplates t = NotificationTemplates.defaults();
        List<NotificationAlert> alerts = new ArrayList<>();
        alerts.add(alert("firing", Map.of("alertname", "InstanceDown", "app", "shop", "instance", "a"),
                Map.of("summary", "Instance a down", "description", "a of job node has been down for more than 5 minutes.")));
        NotificationData data = NotificationData.of("team-x", new KV(Map.of("alertname", "InstanceDown", "app", "shop")), alerts, "");
        assertEquals("https://internal.myorg.net/wiki/alerts/shop/InstanceDown",
                t.render("https://internal.myorg.net/wiki/alerts/{{ .GroupLabels.app }}/{{ .GroupLabels.alertname }}", data));
        assertEquals("<!channel> \nsummary: Instance a down\ndescription: a of job node has been down for more than 5 minutes.",
                t.render("<!channel> \nsummary: {{ .CommonAnnotations.summary }}\ndescription: {{ .CommonAnnotations.description }}", data));
        assertEquals("Instance a down\n", t.render("{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}", data));
    }

    @Test
    void alertsOfTheApiBecomeTemplateAlerts() {
        Instant start = Instant.parse("2024-03-01T11:00:00Z");
        io.fluxtap.api.Alert api = new io.fluxtap.api.Alert(io.fluxtap.api.Labels.of("alertname", "HighLatency", "job", "api",
                "severity", "page"), io.fluxtap.api.Labels.of("summary", "slow"), start, start.plusSeconds(300), "http://x");
        NotificationAlert firing = NotificationAlert.of(api, start.plusSeconds(60));
        assertEquals("firing", firing.status());
        assertEquals("a105e054dfb59f59".length(), firing.fingerprint().length());
        assertEquals(String.format("%016x", api.fingerprint()), firing.fingerprint());
        assertEquals("2024-03-01 11:05:00 +0000 UTC", firing.endsAt().toString());
        assertEquals("resolved", NotificationAlert.of(api, start.plusSeconds(300)).status());
        NotificationAlert open = NotificationAlert.of(new io.fluxtap.api.Alert(api.labels(), null, start, null, null), start);
        assertEquals("firing", open.status());
        assertEquals(GoTime.ZERO, open.endsAt());
        assertEquals("slow page", NotificationTemplates.defaults().render("{{ range .Alerts }}{{ .Annotations.summary }} {{ .Labels.severity }}{{ end }}",
                NotificationData.of("r", KV.EMPTY, List.of(firing), "")));
    }
}
