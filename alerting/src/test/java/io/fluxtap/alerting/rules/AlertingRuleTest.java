package io.fluxtap.alerting.rules;

import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.PromqlQueries.Sample;
import io.fluxtap.api.PromqlQueries.Vector;
import io.fluxtap.api.SqlQueries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert state machine and what is sent when, against Prometheus' rules/alerting.go and manager.go: a scripted
 * PromqlQueries answers per evaluation time; the test drives the evaluation times (no clock, no sleeping).
 */
class AlertingRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration RESEND = Duration.ofMinutes(1);

    private final FakePromql promql = new FakePromql();
    private final TestClock clock = new TestClock(T0);
    private final CapturingWriter writer = new CapturingWriter();
    private final List<List<Alert>> sent = new ArrayList<>();
    private final Map<Instant, List<Sample>> script = new HashMap<>();
    private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();

    private void answer(Instant at, Sample... samples) {
        script.put(at, List.of(samples));
    }

    private static Sample up(String instance, double value, Instant at) {
        return new Sample(Labels.of("__name__", "up", "instance", instance, "job", "api"), at, value);
    }

    private AlertingRule rule(Duration hold, Duration keepFiringFor) {
        promql.script("up == 0", (expr, at) -> new Vector(script.getOrDefault(at, List.of())));
        return new AlertingRule("InstanceDown", new PromqlRuleQuery(promql, "up == 0"), hold, keepFiringFor,
                Map.of("severity", "page"), Map.of("summary", "{{ $labels.instance }} is down ({{ $value }})"),
                Map.of("cluster", "eu"), "http://fluxtap:8080", new FakeTemplates());
    }

    private RuleGroup group(Rule... rules) {
        return group(0, rules);
    }

    private RuleGroup group(int limit, Rule... rules) {
        return new RuleGroup("rules.yml", "alerts", MINUTE, Duration.ZERO, limit, List.of(rules), writer, sent::add,
                store, RESEND, clock);
    }

    private void evalAt(RuleGroup group, Instant ts) {
        clock.set(ts);
        group.evaluate(ts);
    }

    private static Instant t(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void pendingThenFiringAfterForThenResolvedAndForgottenAfter15Minutes() {
        AlertingRule rule = rule(Duration.ofMinutes(2), Duration.ZERO);
        RuleGroup group = group(rule);
        for (int m = 0; m <= 4; m++) {
            answer(t(m), up("a:1", 0, t(m)));
        }
        evalAt(group, t(0));
        assertEquals(AlertState.PENDING, rule.alerts().get(0).state());
        assertEquals(t(0), rule.alerts().get(0).activeAt());
        assertEquals(List.of(), sent, "pending alerts are not sent");
        evalAt(group, t(1));
        assertEquals(AlertState.PENDING, rule.alerts().get(0).state(), "1m < for 2m");
        evalAt(group, t(2));
        AlertInstance firing = rule.alerts().get(0);
        assertEquals(AlertState.FIRING, firing.state());
        assertEquals(t(2), firing.firedAt());
        assertEquals(Map.of("alertname", "InstanceDown", "instance", "a:1", "job", "api", "severity", "page"),
                firing.labels(), "series labels without __name__, the rule's labels, alertname");
        assertEquals(Map.of("summary", "a:1 is down (0)"), firing.annotations());

        assertEquals(1, sent.size());
        Alert alert = sent.get(0).get(0);
        assertEquals(Labels.of("alertname", "InstanceDown", "instance", "a:1", "job", "api", "severity", "page"),
                alert.labels());
        assertEquals(t(2), alert.startsAt(), "startsAt is when it started firing");
        assertEquals(t(2).plus(Duration.ofMinutes(4)), alert.endsAt(), "4 x max(interval, resend delay)");
        assertEquals("http://fluxtap:8080/graph?g0.expr=up+%3D%3D+0&g0.tab=1", alert.generatorURL());

        evalAt(group, t(3));
        assertEquals(1, sent.size(), "sent 1m ago: not before the resend delay has passed");
        evalAt(group, t(4));
        assertEquals(2, sent.size(), "resent once the delay has passed");
        assertEquals(t(8), sent.get(1).get(0).endsAt());

        evalAt(group, t(5)); // the expression returns nothing now
        AlertInstance resolved = rule.alerts().get(0);
        assertEquals(AlertState.INACTIVE, resolved.state());
        assertEquals(t(5), resolved.resolvedAt());
        assertEquals(3, sent.size(), "resolved: sent at once");
        Alert resolvedAlert = sent.get(2).get(0);
        assertEquals(t(5), resolvedAlert.endsAt(), "endsAt is the resolution");
        assertEquals(t(2), resolvedAlert.startsAt());
        assertEquals(Alert.Status.RESOLVED, resolvedAlert.status(t(5)));

        evalAt(group, t(6));
        assertEquals(3, sent.size());
        evalAt(group, t(7));
        assertEquals(4, sent.size(), "Prometheus sends resolved alerts again every resend delay while it keeps them");
        assertEquals(t(5), sent.get(3).get(0).endsAt());

        evalAt(group, t(20));
        assertEquals(1, rule.alerts().size(), "15 minutes after the resolution: still kept");
        evalAt(group, t(21));
        assertEquals(List.of(), rule.alerts(), "more than 15 minutes after: gone");
        assertEquals(AlertState.INACTIVE, rule.state());
    }

    @Test
    void aPendingAlertThatGoesAwayIsDroppedAndNeverSent() {
        AlertingRule rule = rule(Duration.ofMinutes(5), Duration.ZERO);
        RuleGroup group = group(rule);
        answer(t(0), up("a:1", 0, t(0)));
        evalAt(group, t(0));
        evalAt(group, t(1));
        assertEquals(List.of(), rule.alerts());
        assertEquals(List.of(), sent);
        answer(t(2), up("a:1", 0, t(2)));
        evalAt(group, t(2));
        assertEquals(t(2), rule.alerts().get(0).activeAt(), "a new pending alert: the for timer starts again");
    }

    @Test
    void forZeroFiresAtTheFirstEvaluation() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        RuleGroup group = group(rule);
        answer(t(0), up("a:1", 0, t(0)));
        evalAt(group, t(0));
        assertEquals(AlertState.FIRING, rule.alerts().get(0).state());
        assertEquals(1, sent.size());
    }

    @Test
    void keepFiringForHoldsAFiringAlert() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ofMinutes(2));
        RuleGroup group = group(rule);
        answer(t(0), up("a:1", 0, t(0)));
        evalAt(group, t(0));
        evalAt(group, t(1));
        AlertInstance kept = rule.alerts().get(0);
        assertEquals(AlertState.FIRING, kept.state(), "gone from the result, kept firing");
        assertEquals(t(1), kept.keepFiringSince());
        evalAt(group, t(2));
        assertEquals(AlertState.FIRING, rule.alerts().get(0).state(), "1m < keep_firing_for 2m");
        evalAt(group, t(3));
        assertEquals(AlertState.INACTIVE, rule.alerts().get(0).state(), "2m: no longer kept");
        assertEquals(t(3), rule.alerts().get(0).resolvedAt());

        answer(t(4), up("a:1", 0, t(4)));
        answer(t(5), up("a:1", 0, t(5)));
        evalAt(group, t(4));
        assertEquals(AlertState.FIRING, rule.alerts().get(0).state(), "a new alert (for 0)");
        assertEquals(t(4), rule.alerts().get(0).activeAt());
    }

    @Test
    void keepFiringSinceResetsWhenTheAlertComesBack() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ofMinutes(2));
        RuleGroup group = group(rule);
        answer(t(0), up("a:1", 0, t(0)));
        answer(t(2), up("a:1", 0, t(2)));
        evalAt(group, t(0));
        evalAt(group, t(1));
        evalAt(group, t(2));
        assertEquals(null, rule.alerts().get(0).keepFiringSince());
        evalAt(group, t(3));
        evalAt(group, t(4));
        assertEquals(AlertState.FIRING, rule.alerts().get(0).state(), "kept since t3, 1m ago");
        assertEquals(t(0), rule.alerts().get(0).activeAt(), "the same alert all along");
    }

    @Test
    void alertsAndAlertsForStateSeries() {
        AlertingRule rule = rule(Duration.ofMinutes(1), Duration.ZERO);
        RuleGroup group = group(rule);
        answer(t(0), up("a:1", 0, t(0)));
        answer(t(1), up("a:1", 0, t(1)));
        evalAt(group, t(0));
        Map<String, String> pending = Map.of("__name__", "ALERTS", "alertname", "InstanceDown", "alertstate",
                "pending", "instance", "a:1", "job", "api", "severity", "page");
        MetricSample alerts = writer.named("ALERTS").get(0);
        assertEquals(without(pending, "__name__"), alerts.labels());
        assertEquals(1, alerts.value());
        assertEquals(t(0), alerts.timestamp());
        MetricSample forState = writer.named("ALERTS_FOR_STATE").get(0);
        assertEquals(Map.of("alertname", "InstanceDown", "instance", "a:1", "job", "api", "severity", "page"),
                forState.labels());
        assertEquals(t(0).getEpochSecond(), forState.value(), "activeAt in Unix seconds");

        writer.clear();
        evalAt(group, t(1));
        assertEquals(Set.of("firing", "pending"), writer.named("ALERTS").stream()
                .map(s -> s.labels().get("alertstate") + (Double.isNaN(s.value()) ? "" : ""))
                .collect(Collectors.toSet()));
        MetricSample stalePending = writer.named("ALERTS").stream()
                .filter(s -> s.labels().get("alertstate").equals("pending")).findFirst().orElseThrow();
        assertEquals(Double.doubleToRawLongBits(RuleGroup.STALE_NAN), Double.doubleToRawLongBits(stalePending.value()),
                "the pending series is marked stale when the alert fires");
        assertEquals(t(0).getEpochSecond(), writer.named("ALERTS_FOR_STATE").get(0).value());

        writer.clear();
        evalAt(group, t(2)); // resolved
        assertEquals(2, writer.samples.size(), "stale markers only: " + writer.samples);
        assertTrue(writer.samples.stream().allMatch(s -> Double.isNaN(s.value())));
    }

    private static Map<String, String> without(Map<String, String> map, String key) {
        Map<String, String> copy = new HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    @Test
    void queryOffsetShiftsTheQueryAndTheSamples() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        RuleGroup group = new RuleGroup("rules.yml", "alerts", MINUTE, Duration.ofSeconds(30), 0, List.of(rule),
                writer, sent::add, store, RESEND, clock);
        answer(t(1).minusSeconds(30), up("a:1", 0, t(1).minusSeconds(30)));
        evalAt(group, t(1));
        assertEquals(List.of(t(1).minusSeconds(30)), promql.queriedAt);
        assertEquals(t(1).minusSeconds(30), writer.named("ALERTS").get(0).timestamp());
        assertEquals(t(1), rule.alerts().get(0).activeAt(), "the alert's times are the evaluation's");
    }

    @Test
    void overTheLimitIsAnErrorAndForgetsTheAlerts() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        RuleGroup group = group(1, rule);
        answer(t(0), up("a:1", 0, t(0)), up("b:1", 0, t(0)));
        evalAt(group, t(0));
        assertEquals(RuleHealth.ERR, rule.status().health());
        assertEquals("exceeded limit of 1 with 2 alerts", rule.status().lastError());
        assertEquals(List.of(), rule.alerts());
        assertEquals(List.of(), sent);
        assertEquals(RuleHealth.ERR, group.status().health());

        answer(t(1), up("a:1", 0, t(1)));
        evalAt(group, t(1));
        assertEquals(RuleHealth.OK, rule.status().health());
        assertEquals("", rule.status().lastError());
        assertEquals(t(1), rule.status().lastEvaluation());
    }

    @Test
    void aFailingQueryIsTheRulesLastErrorAndTheGroupGoesOn() {
        promql.script("up == 0", (expr, at) -> {
            throw new io.fluxtap.api.QueryException(io.fluxtap.api.QueryException.Kind.TIMEOUT, "query timed out");
        });
        AlertingRule broken = new AlertingRule("Broken", new PromqlRuleQuery(promql, "up == 0"), Duration.ZERO,
                Duration.ZERO, Map.of(), Map.of(), Map.of(), "", new FakeTemplates());
        promql.script("vector(1)", (expr, at) -> new Vector(List.of(new Sample(Labels.EMPTY, at, 1))));
        RecordingRule after = new RecordingRule("one", new PromqlRuleQuery(promql, "vector(1)"), Map.of());
        RuleGroup group = group(broken, after);
        evalAt(group, t(0));
        assertEquals(new RuleStatus(RuleHealth.ERR, "query timed out", t(0), Duration.ZERO), broken.status());
        assertEquals(RuleHealth.OK, after.status().health());
        assertEquals(1, writer.named("one").size());
    }

    @Test
    void duplicateLabelSetsAfterRuleLabelsAreAnError() {
        promql.script("x", (expr, at) -> new Vector(List.of(
                new Sample(Labels.of("__name__", "a", "job", "x"), at, 1),
                new Sample(Labels.of("__name__", "b", "job", "x"), at, 1))));
        AlertingRule rule = new AlertingRule("Dup", new PromqlRuleQuery(promql, "x"), Duration.ZERO, Duration.ZERO,
                Map.of(), Map.of(), Map.of(), "", new FakeTemplates());
        evalAt(group(rule), t(0));
        assertEquals("vector contains metrics with the same labelset after applying alert labels",
                rule.status().lastError());
    }

    @Test
    void templateErrorsAreWrittenIntoTheTextAsPrometheusDoes() {
        promql.script("vector(1)", (expr, at) -> new Vector(List.of(new Sample(Labels.EMPTY, at, 1))));
        AlertingRule rule = new AlertingRule("T", new PromqlRuleQuery(promql, "vector(1)"), Duration.ZERO,
                Duration.ZERO, Map.of("dc", "{{ $externalLabels.cluster }}"), Map.of("summary", "{{ fail }}"),
                Map.of("cluster", "eu"), "", new FakeTemplates());
        evalAt(group(rule), t(0));
        AlertInstance a = rule.alerts().get(0);
        assertEquals("eu", a.labels().get("dc"));
        assertEquals("<error expanding template: template: __alert_T:1:3: executing \"__alert_T\" at <fail>: "
                + "error calling fail>", a.annotations().get("summary"));
    }

    @Test
    void aUtf8LabelNameValidatesButFailsTheRuleAtEvaluation() {
        promql.script("vector(1)", (expr, at) -> new Vector(List.of(new Sample(Labels.EMPTY, at, 1))));
        AlertingRule rule = new AlertingRule("U", new PromqlRuleQuery(promql, "vector(1)"), Duration.ZERO,
                Duration.ZERO, Map.of("ins-tance", "localhost"), Map.of(), Map.of(), "", new FakeTemplates());
        RecordingRule record = new RecordingRule("hola", new PromqlRuleQuery(promql, "vector(1)"),
                Map.of("ins-tance", "localhost"));
        evalAt(group(rule, record), t(0));
        String expected = "label name \"ins-tance\" is not supported: Fluxtap stores and sends label names matching "
                + "[a-zA-Z_][a-zA-Z0-9_]* only";
        assertEquals(expected, rule.status().lastError());
        assertEquals(expected, record.status().lastError());
        assertEquals(List.of(), writer.samples);
    }

    @Test
    void restoredStateKeepsTheForTimerAndResendsAtOnceOnlyAfterAProcessRestart() {
        AlertingRule before = rule(Duration.ofMinutes(3), Duration.ZERO);
        answer(t(0), up("a:1", 0, t(0)));
        answer(t(1), up("a:1", 0, t(1)));
        answer(t(2), up("b:1", 0, t(2)), up("a:1", 0, t(2)));
        RuleGroup first = group(before);
        evalAt(first, t(0));
        evalAt(first, t(1));

        // A restart: new rule and group objects over the same store.
        AlertingRule after = rule(Duration.ofMinutes(3), Duration.ZERO);
        RuleGroup second = group(after);
        second.restore(true);
        assertEquals(t(0), after.alerts().get(0).activeAt());
        evalAt(second, t(2));
        Map<String, AlertInstance> byInstance = after.alerts().stream()
                .collect(Collectors.toMap(a -> a.labels().get("instance"), a -> a));
        assertEquals(t(0), byInstance.get("a:1").activeAt(), "the pending timer survived");
        assertEquals(t(2), byInstance.get("b:1").activeAt());
        answer(t(3), up("a:1", 0, t(3)));
        evalAt(second, t(3));
        assertEquals(AlertState.FIRING, after.alerts().get(0).state(), "3m after the first activeAt");
        assertEquals(1, sent.size());

        // A reload, now firing: the dispatcher still has the alert, so no send before the resend delay.
        AlertingRule third = rule(Duration.ofMinutes(3), Duration.ZERO);
        RuleGroup thirdGroup = group(third);
        thirdGroup.restore(false);
        answer(t(3).plusSeconds(30), up("a:1", 0, t(3).plusSeconds(30)));
        evalAt(thirdGroup, t(3).plusSeconds(30));
        assertEquals(AlertState.FIRING, third.alerts().get(0).state());
        assertEquals(1, sent.size(), "sent 30 s before the reload: not again yet");
        assertEquals(t(3), third.alerts().get(0).firedAt());

        // A process restart, firing: the dispatcher's alerts are gone, so it is sent at the first evaluation.
        AlertingRule fourth = rule(Duration.ofMinutes(3), Duration.ZERO);
        RuleGroup fourthGroup = group(fourth);
        fourthGroup.restore(true);
        answer(t(3).plusSeconds(45), up("a:1", 0, t(3).plusSeconds(45)));
        evalAt(fourthGroup, t(3).plusSeconds(45));
        assertEquals(2, sent.size(), "sent again after the restart");
        assertEquals(t(3), fourth.alerts().get(0).firedAt(), "still firing since before the restart");
    }

    @Test
    void sqlRuleRowsBecomeAlertsWithSampleRows() {
        SqlQueries sql = (statement, timeout) -> new SqlQueries.Result(
                List.of(new SqlQueries.Column("service", "VARCHAR"), new SqlQueries.Column("value", "BIGINT"),
                        new SqlQueries.Column("sample_body", "VARCHAR"),
                        new SqlQueries.Column("ts", "TIMESTAMP WITH TIME ZONE")),
                List.of(List.of("checkout", 12L, "timeout calling payments", t(0)),
                        List.of("checkout", 12L, "connection reset", t(0).minusSeconds(5)),
                        java.util.Arrays.asList("search", 30L, "index missing", null)),
                false);
        AlertingRule rule = new AlertingRule("ErrorLogs", new SqlRuleQuery(sql, "SELECT ...", MINUTE, 5),
                Duration.ZERO, Duration.ZERO, Map.of(), Map.of("evidence", "{{ sampleRows }} rows, {{ $value }}"),
                Map.of(), "http://f", new FakeTemplates());
        evalAt(group(rule), t(0));
        Map<String, AlertInstance> byService = rule.alerts().stream()
                .collect(Collectors.toMap(a -> a.labels().get("service"), a -> a));
        assertEquals(Map.of("alertname", "ErrorLogs", "service", "checkout"), byService.get("checkout").labels(),
                "VARCHAR columns are labels; value, sample_ columns and other types are not");
        assertEquals("2 rows, 12", byService.get("checkout").annotations().get("evidence"));
        assertEquals("1 rows, 30", byService.get("search").annotations().get("evidence"));
        assertEquals("http://f/sql?q=SELECT+...", sent.get(0).get(0).generatorURL());
    }

    @Test
    void sqlRuleWithoutANumericValueColumnFails() {
        SqlQueries noValue = (statement, timeout) -> new SqlQueries.Result(
                List.of(new SqlQueries.Column("service", "VARCHAR")), List.of(List.of("a")), false);
        AlertingRule rule = new AlertingRule("E", new SqlRuleQuery(noValue, "SELECT 'a' AS service", MINUTE, 5),
                Duration.ZERO, Duration.ZERO, Map.of(), Map.of(), Map.of(), "", new FakeTemplates());
        SqlQueries text = (statement, timeout) -> new SqlQueries.Result(
                List.of(new SqlQueries.Column("value", "VARCHAR")), List.of(List.of("many")), false);
        RecordingRule record = new RecordingRule("r", new SqlRuleQuery(text, "SELECT 'many' AS value", MINUTE, 5),
                Map.of());
        evalAt(group(rule, record), t(0));
        assertEquals("the statement has no column \"value\" (columns: [service])", rule.status().lastError());
        assertEquals("column \"value\" is not numeric (VARCHAR) in row 1: many", record.status().lastError());
    }
}
