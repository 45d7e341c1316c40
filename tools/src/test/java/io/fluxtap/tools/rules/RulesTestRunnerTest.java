package io.fluxtap.tools.rules;

import io.fluxtap.tools.rules.RulesTestConformanceTest.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.fluxtap.tools.rules.RulesTestConformanceTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code rules test} evaluates, on small files written here: time, rule order, alert states, histograms. */
class RulesTestRunnerTest {

    @TempDir
    Path dir;

    private static final String RULES = """
            groups:
              - name: alerts
                rules:
                  - alert: Doubled
                    expr: doubled > 2
                    for: 2m
                    keep_firing_for: 3m
                    labels:
                      team: "{{ $labels.job }}"
                    annotations:
                      summary: "{{ $labels.job }} doubled"
              - name: records
                rules:
                  - record: doubled
                    expr: x * 2
            """;

    private Outcome test(String unitTests) throws IOException {
        Files.writeString(dir.resolve("rules.yml"), RULES);
        Path file = dir.resolve("test.yml");
        Files.writeString(file, unitTests);
        return run("test", file.toString());
    }

    @Test
    void groupEvalOrderDecidesWhetherARecordIsSeenAtTheSameEvaluation() throws IOException {
        String body = """
                tests:
                  - input_series:
                      - series: 'x{job="a"}'
                        values: '1 2 3'
                    promql_expr_test:
                      - expr: ALERTS_FOR_STATE
                        eval_time: 2m
                        exp_samples:
                          - labels: 'ALERTS_FOR_STATE{alertname="Doubled", job="a", team="a"}'
                            value: %d
                """;
        // records first: doubled is 4 at 1m, so the alert is active from 1m (60).
        assertEquals(0, test("rule_files: [rules.yml]\ngroup_eval_order: [records, alerts]\n"
                + body.formatted(60)).status());
        // alerts first: they read the record written one evaluation earlier, active from 2m (120).
        Outcome late = test("rule_files: [rules.yml]\ngroup_eval_order: [alerts, records]\n" + body.formatted(60));
        assertEquals(1, late.status());
        assertTrue(late.err().contains("got: {__name__=\"ALERTS_FOR_STATE\", alertname=\"Doubled\", job=\"a\", "
                + "team=\"a\"} 1.2E+02"), late.err());
    }

    @Test
    void alertsFireAfterForKeepFiringAndAreCheckedAtTheEvaluationBeforeTheirTime() throws IOException {
        Outcome o = test("""
                rule_files: [rules.yml]
                group_eval_order: [records, alerts]
                tests:
                  - input_series:
                      - series: 'x{job="a"}'
                        values: '2 2 2 0 0 0 0 0'
                    alert_rule_test:
                      - eval_time: 1m59s
                        alertname: Doubled
                        exp_alerts: []
                      - eval_time: 2m
                        alertname: Doubled
                        exp_alerts:
                          - exp_labels: {job: a, team: a}
                            exp_annotations: {summary: a doubled}
                      - eval_time: 5m
                        alertname: Doubled
                        exp_alerts:
                          - exp_labels: {job: a, team: a}
                            exp_annotations: {summary: a doubled}
                      - eval_time: 6m
                        alertname: Doubled
                        exp_alerts: []
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 1m
                        exp_samples:
                          - labels: 'ALERTS{alertname="Doubled", alertstate="pending", job="a", team="a"}'
                            value: 1
                """);
        assertEquals(0, o.status(), o.err());
    }

    @Test
    void aWrongAlertExpectationShowsWhatFired() throws IOException {
        Outcome o = test("""
                rule_files: [rules.yml]
                group_eval_order: [records]
                tests:
                  - name: wrong
                    external_labels: {region: eu}
                    input_series:
                      - series: 'x{job="b"}'
                        values: '5x5'
                    alert_rule_test:
                      - eval_time: 4m
                        alertname: Doubled
                        exp_alerts:
                          - exp_labels: {job: b}
                """);
        assertEquals(1, o.status());
        assertEquals("""
                  FAILED:
                    name: wrong,
                    alertname: Doubled, time: 4m,\s
                        exp:[
                            0:
                              Labels:{alertname="Doubled", job="b"}
                              Annotations:{}
                            ],\s
                        got:[
                            0:
                              Labels:{alertname="Doubled", job="b", team="b"}
                              Annotations:{summary="b doubled"}
                            ]
                """, o.err());
    }

    @Test
    void evaluationErrorsStopTheGroupAndCountTimeFromTheEpoch() throws IOException {
        Files.writeString(dir.resolve("bad.yml"), """
                groups:
                  - name: bad
                    rules:
                      - record: joined
                        expr: a + on(k) b
                """);
        Path file = dir.resolve("t.yml");
        Files.writeString(file, """
                rule_files: [bad.yml]
                tests:
                  - start_timestamp: 3600
                    input_series:
                      - series: 'a{k="1"}'
                        values: '1 1'
                      - series: 'b{k="1", n="1"}'
                        values: '_ 1'
                      - series: 'b{k="1", n="2"}'
                        values: '_ 1'
                    promql_expr_test:
                      - expr: a
                        eval_time: 5m
                """);
        Outcome o = run("test", file.toString());
        assertEquals(1, o.status());
        // Stopped at the first evaluation that failed (1h1m since 1970), before the promql_expr_test ran.
        assertTrue(o.err().startsWith("  FAILED:\n    rule: joined, time: 1h1m0s, err: found duplicate series"),
                o.err());
        assertEquals(2, o.err().lines().count(), o.err());
    }

    @Test
    void histogramsAreComparedByTheirTestExpression() throws IOException {
        Outcome o = test("""
                tests:
                  - input_series:
                      - series: h
                        values: '{{count:2 sum:3 buckets:[2]}}+{{count:1 sum:1 buckets:[1]}}x2'
                    promql_expr_test:
                      - expr: h
                        eval_time: 0m
                        exp_samples:
                          - labels: h
                            histogram: '{{count:2 sum:3 buckets:[2]}}'
                      - expr: (h)
                        eval_time: 2m
                        exp_samples:
                          - labels: h
                            histogram: '{{count:4 sum:3 buckets:[4]}}'
                      - expr: h * 2
                        eval_time: 2m
                        exp_samples: []
                """);
        assertEquals(1, o.status());
        assertEquals("""
                  FAILED:
                    expr: "(h)", time: 2m,
                        exp: {__name__="h"} {{count:4 sum:3 buckets:[4]}}
                        got: {__name__="h"} {{count:4 sum:5 counter_reset_hint:not_reset buckets:[4]}}
                    expr: "h * 2", time: 2m, err: native histograms are not supported by Fluxtap's \
                PromQL engine
                """, o.err());
    }

    @Test
    void rulesOverHistogramsAndSqlRulesFailWithAReason() throws IOException {
        Files.writeString(dir.resolve("hist.yml"), """
                groups:
                  - name: h
                    rules:
                      - record: c
                        expr: sum(h)
                  - name: s
                    rules:
                      - alert: Errors
                        sql: SELECT 1 AS value
                """);
        Path file = dir.resolve("t.yml");
        Files.writeString(file, """
                rule_files: [hist.yml]
                tests:
                  - input_series:
                      - series: h
                        values: '{{count:1}}'
                """);
        Outcome o = run("test", file.toString());
        assertEquals(1, o.status());
        assertEquals("""
                  FAILED:
                    rule: c, time: 0s, err: native histograms are not supported by Fluxtap's PromQL engine
                    rule: Errors, time: 0s, err: rules test evaluates PromQL only: sql: rules need a running Fluxtap
                """, o.err());
    }

    /** As promtool (checked against 2.42): an empty expected label is a label, an empty annotation is kept. */
    @Test
    void emptyValuesCompareAsPrometheusComparesThem() throws IOException {
        Files.writeString(dir.resolve("empty.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: up == 0
                        labels:
                          sev: "{{ $labels.missing }}"
                        annotations:
                          empty: "{{ $labels.missing }}"
                """);
        Path file = dir.resolve("t.yml");
        Files.writeString(file, """
                rule_files: [empty.yml]
                tests:
                  - input_series:
                      - series: 'up{job="j"}'
                        values: '0'
                    alert_rule_test:
                      - eval_time: 0m
                        alertname: A
                        exp_alerts:
                          - exp_labels: {job: j}
                            exp_annotations: {empty: ""}
                      - eval_time: 0m
                        alertname: A
                        exp_alerts:
                          - exp_labels: {job: j, sev: ""}
                            exp_annotations: {empty: ""}
                """);
        Outcome o = run("test", file.toString());
        assertEquals(1, o.status());
        assertEquals("""
                  FAILED:
                    alertname: A, time: 0s,\s
                        exp:[
                            0:
                              Labels:{alertname="A", job="j", sev=""}
                              Annotations:{empty=""}
                            ],\s
                        got:[
                            0:
                              Labels:{alertname="A", job="j"}
                              Annotations:{empty=""}
                            ]
                """, o.err());
    }

    /**
     * A subquery without a step steps at the file's evaluation_interval, as promtool sets it (2.42 counts 11 and 6
     * here with its closed windows; Prometheus 3's windows are left-open).
     */
    @Test
    void subqueriesWithoutAStepUseTheEvaluationInterval() throws IOException {
        Outcome o = test("""
                evaluation_interval: 30s
                tests:
                  - input_series:
                      - series: x
                        values: '1x40'
                    promql_expr_test:
                      - expr: count_over_time(x[5m:])
                        eval_time: 10m
                        exp_samples:
                          - value: 10
                      - expr: count_over_time(x[5m:1m])
                        eval_time: 10m
                        exp_samples:
                          - value: 5
                """);
        assertEquals(0, o.status(), o.err());
    }

    @Test
    void theTestFileIsReadStrictly() throws IOException {
        Outcome unknown = test("""
                tests:
                  - name: a
                    input_series:
                      - series: x
                        values: 1
                        vales: 2
                    promql_expr_test:
                      - expr: x
                        exp_sample: []
                """);
        assertEquals("  FAILED:\nyaml: unmarshal errors:\n  line 6: field vales not found in type main.series\n"
                + "  line 9: field exp_sample not found in type main.promqlTestCase\n", unknown.err());
        Outcome noName = test("""
                tests:
                  - name: a
                    alert_rule_test:
                      - eval_time: 90s
                """);
        assertEquals("  FAILED:\nan item under alert_rule_test misses required attribute alertname at eval_time "
                + "1m30s (in TestGroup a)\n", noName.err());
        Outcome badDuration = test("evaluation_interval: 5\ntests: []\n");
        assertEquals("  FAILED:\nnot a valid duration string: \"5\"\n", badDuration.err());
        Outcome badValues = test("tests:\n  - input_series:\n      - series: x\n        values: 1x\n");
        assertEquals("  FAILED:\nparse error: unexpected \"1x\" in series values\n", badValues.err());
    }
}
