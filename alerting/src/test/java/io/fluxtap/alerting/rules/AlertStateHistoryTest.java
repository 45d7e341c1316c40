package io.fluxtap.alerting.rules;

import io.fluxtap.api.Alert;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.AlertHistory.State;
import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries.Sample;
import io.fluxtap.api.PromqlQueries.Vector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the rule group tells its {@link AlertStateListener}: every state change of every alert, once, with its context. */
class AlertStateHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final FakePromql promql = new FakePromql();
    private final TestClock clock = new TestClock(T0);
    private final List<List<Alert>> sent = new ArrayList<>();
    private final Map<Instant, List<Sample>> script = new HashMap<>();
    private final List<AlertHistory.StateChange> changes = new ArrayList<>();

    private static Instant t(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Sample up(String instance, double value, Instant at) {
        return new Sample(Labels.of("__name__", "up", "instance", instance, "job", "api"), at, value);
    }

    private RuleGroup group(Duration hold) {
        promql.script("up == 0", (expr, at) -> new Vector(script.getOrDefault(at, List.of())));
        AlertingRule rule = new AlertingRule("InstanceDown", new PromqlRuleQuery(promql, "up == 0"), hold, Duration.ZERO,
                Map.of("severity", "page"), Map.of("summary", "{{ $labels.instance }} is down"), Map.of(), "",
                new FakeTemplates());
        return new RuleGroup("rules/api.yml", "alerts", MINUTE, Duration.ZERO, 0, List.of(rule), new CapturingWriter(),
                sent::add, new InMemoryAlertStateStore(), changes::add, MINUTE, clock);
    }

    private void evalAt(RuleGroup group, int minute, Sample... samples) {
        script.put(t(minute), List.of(samples));
        clock.set(t(minute));
        group.evaluate(t(minute));
    }

    private List<String> transitions() {
        return changes.stream().map(c -> c.ts() + " " + c.labels().get("instance") + " " + c.from().wireName() + "->"
                + c.to().wireName() + " " + c.value()).toList();
    }

    @Test
    void pendingFiringResolvedAndPendingAgainEachReportedOnce() {
        RuleGroup group = group(Duration.ofMinutes(2));
        evalAt(group, 0, up("a:1", 0, t(0)));
        evalAt(group, 1, up("a:1", 0, t(1)));
        evalAt(group, 2, up("a:1", 0, t(2)));
        evalAt(group, 3, up("a:1", 0, t(3)));
        evalAt(group, 4);
        evalAt(group, 5);
        evalAt(group, 6, up("a:1", 0, t(6)));

        assertEquals(List.of(
                t(0) + " a:1 inactive->pending 0.0",
                t(2) + " a:1 pending->firing 0.0",
                t(4) + " a:1 firing->resolved 0.0",
                t(6) + " a:1 resolved->pending 0.0"), transitions());
        AlertHistory.StateChange firing = changes.get(1);
        assertEquals("rules/api.yml", firing.ruleFile());
        assertEquals("alerts", firing.ruleGroup());
        assertEquals("InstanceDown", firing.ruleName());
        Map<String, String> labels = Map.of("alertname", "InstanceDown", "instance", "a:1", "job", "api",
                "severity", "page");
        assertEquals(labels, firing.labels());
        assertEquals(Labels.of(labels).fingerprint(), firing.fingerprint());
        assertEquals(Map.of("summary", "a:1 is down"), firing.annotations());
    }

    @Test
    void aPendingAlertThatGoesAwayIsInactiveAndOneWithoutForFiresAtOnce() {
        RuleGroup held = group(Duration.ofMinutes(5));
        evalAt(held, 0, up("a:1", 0, t(0)), up("b:1", 0, t(0)));
        evalAt(held, 1, up("b:1", 0, t(1)));
        assertEquals(List.of(t(0) + " a:1 inactive->pending 0.0", t(0) + " b:1 inactive->pending 0.0",
                t(1) + " a:1 pending->inactive 0.0"), transitions());

        changes.clear();
        RuleGroup immediate = group(Duration.ZERO);
        evalAt(immediate, 10, up("c:1", 0, t(10)));
        evalAt(immediate, 11, up("c:1", 0, t(11)));
        assertEquals(List.of(t(10) + " c:1 inactive->firing 0.0"), transitions(), "nothing while it stays firing");
    }

    @Test
    void aListenerThatThrowsChangesNothingElse() {
        promql.script("up == 0", (expr, at) -> new Vector(script.getOrDefault(at, List.of())));
        AlertingRule rule = new AlertingRule("InstanceDown", new PromqlRuleQuery(promql, "up == 0"), Duration.ZERO,
                Duration.ZERO, Map.of(), Map.of(), Map.of(), "", new FakeTemplates());
        RuleGroup group = new RuleGroup("rules.yml", "alerts", MINUTE, Duration.ZERO, 0, List.of(rule),
                new CapturingWriter(), sent::add, new InMemoryAlertStateStore(), change -> {
                    throw new IllegalStateException("history down");
                }, MINUTE, clock);
        evalAt(group, 0, up("a:1", 0, t(0)));
        assertEquals(1, sent.size(), "the firing alert was still sent");
        assertEquals(RuleHealth.OK, rule.status().health());
    }
}
