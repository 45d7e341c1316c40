package io.fluxtap.alerting.inhibit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.alerting.Conformance;
import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.matchers.MatcherParser;
import io.fluxtap.alerting.matchers.Matchers;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inhibition per ../shared/conformance/alertmanager/derived/inhibition-cases.yaml. */
class InhibitorTest {

    private static final JsonNode CASES = Conformance.yaml("derived/inhibition-cases.yaml");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TestFactory
    Stream<DynamicTest> ruleMatchCases() {
        JsonNode section = CASES.get("rules_matches");
        List<InhibitRule> rules = new ArrayList<>();
        for (JsonNode r : section.get("inhibit_rules")) {
            List<String> equal = new ArrayList<>();
            r.get("equal").forEach(e -> equal.add(e.asText()));
            rules.add(new InhibitRule("", matchers(r.get("source_matchers")), matchers(r.get("target_matchers")),
                    equal));
        }
        List<Alert> sources = alerts(section.get("active_source_alerts"));
        Inhibitor inhibitor = new Inhibitor(rules, () -> sources);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : section.get("cases")) {
            Labels target = labels(c.get("labels"));
            boolean muted = c.get("muted").asBoolean();
            tests.add(DynamicTest.dynamicTest(target + " muted=" + muted, () -> {
                assertEquals(muted, inhibitor.mutes(target, NOW));
                assertEquals(muted, inhibitor.snapshot(NOW).mutes(target), "the indexed snapshot agrees");
            }));
        }
        assertEquals(8, tests.size());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> equalLabelCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : CASES.get("equal_label_cases")) {
            List<String> equal = new ArrayList<>();
            c.get("equal").forEach(e -> equal.add(e.asText()));
            // The sources "already match its source side": an empty source side matches everything. As upstream's
            // TestInhibitRuleHasEqual, this asks hasEqual directly, without the two-sided exclusion.
            InhibitRule rule = new InhibitRule("", Matchers.NONE, Matchers.NONE, equal);
            List<Alert> sources = alerts(c.get("source_alerts"));
            Labels target = labels(c.get("target"));
            boolean inhibited = c.get("inhibited").asBoolean();
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> assertEquals(inhibited,
                    rule.equalSource(target, sources, NOW, false).isPresent())));
        }
        assertEquals(5, tests.size());
        return tests.stream();
    }

    @Test
    void inhibitionStartsAndEndsWithTheSourceAlert() {
        AlertmanagerConfig config = AlertmanagerConfig.parse("""
                route: {receiver: r}
                receivers: [{name: r}]
                inhibit_rules:
                - source_match: {severity: critical}
                  target_match_re: {severity: "warn.*"}
                  equal: [alertname, cluster]
                """, Path.of("."));
        List<Alert> store = new CopyOnWriteArrayList<>();
        Inhibitor inhibitor = Inhibitor.of(config.inhibitRules(), () -> store);
        Labels warning = Labels.of("alertname", "Disk", "severity", "warning");
        assertFalse(inhibitor.mutes(warning, NOW));
        Alert critical = new Alert(Labels.of("alertname", "Disk", "severity", "critical"), null,
                NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)), "");
        store.add(critical);
        assertTrue(inhibitor.mutes(warning, NOW), "cluster is missing on both sides, which counts as equal");
        assertEquals(critical, inhibitor.inhibitedBy(warning, NOW).orElseThrow());
        assertFalse(inhibitor.mutes(warning.with("cluster", "eu"), NOW), "cluster differs");
        assertFalse(inhibitor.mutes(warning, NOW.plus(Duration.ofHours(2))), "the source has resolved by then");
        Inhibitor.Snapshot now = inhibitor.snapshot(NOW);
        assertTrue(now.mutes(warning));
        assertFalse(now.mutes(warning.with("cluster", "eu")));
        assertFalse(now.mutes(Labels.of("alertname", "Disk", "severity", "info")), "not a target");
        assertFalse(inhibitor.snapshot(NOW.plus(Duration.ofHours(2))).mutes(warning));
    }

    private static Matchers matchers(JsonNode list) {
        List<io.fluxtap.alerting.matchers.Matcher> all = new ArrayList<>();
        list.forEach(m -> all.addAll(MatcherParser.parseMatchers(m.asText())));
        return new Matchers(all);
    }

    private static List<Alert> alerts(JsonNode list) {
        List<Alert> out = new ArrayList<>();
        for (JsonNode a : list) {
            Labels labels = labels(a.get("labels"));
            if (labels.isEmpty()) {
                labels = Labels.of("placeholder", "x"); // an alert needs a label; the rule's equal list is empty
            }
            Instant starts = relative(a.get("startsAt"));
            Instant ends = relative(a.get("endsAt"));
            out.add(new Alert(labels, null, starts == null ? NOW.minusSeconds(1) : starts, ends, ""));
        }
        return out;
    }

    private static Instant relative(JsonNode t) {
        if (t == null || t.isNull()) {
            return null;
        }
        String s = t.asText();
        Duration d = io.fluxtap.alerting.config.PromDuration.parse(s.substring(1));
        return s.startsWith("-") ? NOW.minus(d) : NOW.plus(d);
    }

    private static Labels labels(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(p -> map.put(p.getKey(), p.getValue().asText()));
        return Labels.of(map);
    }
}
