package io.fluxtap.alerting.rules;

import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.PromqlQueries.Sample;
import io.fluxtap.api.PromqlQueries.Vector;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.api.StoreException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recording rules: their result written as new series, as Prometheus' rules/recording.go and group.go. */
class RecordingRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final FakePromql promql = new FakePromql();
    private final CapturingWriter writer = new CapturingWriter();
    private final TestClock clock = new TestClock(T0);
    private final List<Sample> answer = new ArrayList<>();

    private RuleGroup group(int limit, Rule... rules) {
        promql.script("sum by (job) (rate(x[5m]))", (expr, at) -> new Vector(answer));
        return new RuleGroup("r.yml", "g", Duration.ofMinutes(1), Duration.ZERO, limit, List.of(rules), writer,
                alerts -> {
                }, new InMemoryAlertStateStore(), Duration.ofMinutes(1), clock);
    }

    private RecordingRule rule(Map<String, String> labels) {
        return new RecordingRule("job:x:rate5m", new PromqlRuleQuery(promql, "sum by (job) (rate(x[5m]))"), labels);
    }

    @Test
    void resultsAreWrittenUnderTheRecordNameWithTheRulesLabels() {
        RecordingRule rule = rule(Map.of("team", "db", "job", ""));
        RuleGroup group = group(0, rule);
        answer.add(new Sample(Labels.of("job", "api", "env", "prod"), T0, 2.5));
        group.evaluate(T0);
        MetricSample s = writer.samples.get(0);
        assertEquals("job:x:rate5m", s.name());
        assertEquals(Map.of("env", "prod", "team", "db"), s.labels(), "an empty rule label removes the label");
        assertEquals(2.5, s.value());
        assertEquals(T0, s.timestamp());
        assertEquals(MetricSample.MetricType.GAUGE, s.type());
        assertEquals(new RuleStatus(RuleHealth.OK, "", T0, Duration.ZERO), rule.status());
    }

    @Test
    void aGroupWritesItsRulesOutputInOneTransaction() {
        promql.script("a", (expr, at) -> new Vector(List.of(new Sample(Labels.of("job", "api"), at, 1))));
        promql.script("b", (expr, at) -> new Vector(List.of(new Sample(Labels.of("job", "api"), at, 2))));
        RuleGroup group = group(0, rule(Map.of()), new RecordingRule("rec:a", new PromqlRuleQuery(promql, "a"), Map.of()),
                new RecordingRule("rec:b", new PromqlRuleQuery(promql, "b"), Map.of()));
        answer.add(new Sample(Labels.of("job", "api"), T0, 2.5));
        group.evaluate(T0);
        assertEquals(1, writer.writes);
        assertEquals(List.of("job:x:rate5m", "rec:a", "rec:b"), writer.samples.stream().map(MetricSample::name).toList());
    }

    @Test
    void aRuleThatReadsAnEarlierRulesOutputSeesItWrittenFirstAsInPrometheus() {
        List<Integer> storedWhenQueried = new ArrayList<>();
        promql.script("job:x:rate5m * 2", (expr, at) -> {
            storedWhenQueried.add(writer.named("job:x:rate5m").size());
            return new Vector(List.of(new Sample(Labels.of("job", "api"), at, 5)));
        });
        RecordingRule doubled = new RecordingRule("job:x:rate5m:doubled",
                new PromqlRuleQuery(promql, "job:x:rate5m * 2"), Map.of());
        RuleGroup group = group(0, rule(Map.of()), doubled);
        answer.add(new Sample(Labels.of("job", "api"), T0, 2.5));
        group.evaluate(T0);
        assertEquals(List.of(1), storedWhenQueried, "the first rule's output was written before the second ran");
        assertEquals(2, writer.writes);
        assertEquals(new RuleStatus(RuleHealth.OK, "", T0, Duration.ZERO), doubled.status());
    }

    @Test
    void aSeriesThatDisappearsGetsAStaleMarker() {
        RecordingRule rule = rule(Map.of());
        RuleGroup group = group(0, rule);
        answer.add(new Sample(Labels.of("job", "api"), T0, 1));
        answer.add(new Sample(Labels.of("job", "web"), T0, 2));
        group.evaluate(T0);
        writer.clear();
        answer.remove(1);
        Instant t1 = T0.plus(Duration.ofMinutes(1));
        group.evaluate(t1);
        assertEquals(2, writer.samples.size());
        MetricSample stale = writer.samples.stream().filter(s -> "web".equals(s.labels().get("job"))).findFirst()
                .orElseThrow();
        assertEquals(0x7ff0000000000002L, Double.doubleToRawLongBits(stale.value()));
        assertEquals(t1, stale.timestamp());
    }

    @Test
    void overTheLimitIsAnError() {
        RecordingRule rule = rule(Map.of());
        RuleGroup group = group(1, rule);
        answer.add(new Sample(Labels.of("job", "api"), T0, 1));
        answer.add(new Sample(Labels.of("job", "web"), T0, 2));
        group.evaluate(T0);
        assertEquals(RuleHealth.ERR, rule.status().health());
        assertEquals("exceeded limit 1 with 2 series", rule.status().lastError());
        assertEquals(List.of(), writer.samples);
    }

    @Test
    void sameLabelsAfterTheRuleLabelsAreAnError() {
        RecordingRule rule = rule(Map.of("job", "all"));
        RuleGroup group = group(0, rule);
        answer.add(new Sample(Labels.of("job", "api"), T0, 1));
        answer.add(new Sample(Labels.of("job", "web"), T0, 2));
        group.evaluate(T0);
        assertEquals("vector contains metrics with the same labelset after applying rule labels",
                rule.status().lastError());
    }

    @Test
    void aStoreFailureMakesTheRuleUnhealthy() {
        RecordingRule rule = rule(Map.of());
        RuleGroup group = group(0, rule);
        answer.add(new Sample(Labels.of("job", "api"), T0, 1));
        writer.failure = new StoreException("disk full", null);
        group.evaluate(T0);
        assertEquals(RuleHealth.ERR, rule.status().health());
        assertTrue(rule.status().lastError().contains("disk full"), rule.status().lastError());
    }

    @Test
    void anSqlRecordingRuleWritesARowPerLabelSetWithItsStringColumnsAsLabels() {
        List<String> statements = new ArrayList<>();
        SqlQueries sql = (statement, timeout) -> {
            statements.add(statement);
            return new SqlQueries.Result(List.of(new SqlQueries.Column("service", "VARCHAR"),
                    new SqlQueries.Column("level", "VARCHAR"), new SqlQueries.Column("value", "UBIGINT"),
                    new SqlQueries.Column("sample_body", "VARCHAR")),
                    List.of(Arrays.asList("checkout", "error", BigInteger.valueOf(3), "boom"),
                            Arrays.asList("billing", null, BigInteger.valueOf(1), "late")), false);
        };
        String statement = "SELECT entity_name AS service, level, count(*) AS value, any_value(body) AS sample_body "
                + "FROM logs GROUP BY ALL";
        RecordingRule rule = new RecordingRule("service:errors:count",
                new SqlRuleQuery(sql, statement, Duration.ofSeconds(10), 5), Map.of("team", "shop"));
        RuleGroup group = group(0, rule);
        group.evaluate(T0);
        assertEquals(List.of(statement), statements);
        assertEquals(2, writer.samples.size(), writer.samples.toString());
        MetricSample checkout = writer.samples.get(0);
        assertEquals("service:errors:count", checkout.name());
        // Evidence columns (sample_...) are not labels; a NULL string column is an absent label.
        assertEquals(Map.of("service", "checkout", "level", "error", "team", "shop"), checkout.labels());
        assertEquals(3.0, checkout.value());
        assertEquals(T0, checkout.timestamp());
        assertEquals(Map.of("service", "billing", "team", "shop"), writer.samples.get(1).labels());
        assertEquals(1.0, writer.samples.get(1).value());
        assertEquals(new RuleStatus(RuleHealth.OK, "", T0, Duration.ZERO), rule.status());
    }

    @Test
    void anSqlRecordingRuleTheSandboxRefusesIsUnhealthyWithItsMessageAndWritesNothing() {
        SqlQueries sql = (statement, timeout) -> {
            throw new QueryException(QueryException.Kind.BAD_DATA, "only one read-only SELECT is allowed");
        };
        RecordingRule rule = new RecordingRule("gone", new SqlRuleQuery(sql, "DELETE FROM logs",
                Duration.ofSeconds(10), 5), Map.of());
        group(0, rule).evaluate(T0);
        assertEquals(RuleHealth.ERR, rule.status().health());
        assertEquals("only one read-only SELECT is allowed", rule.status().lastError());
        assertEquals(List.of(), writer.samples);
    }
}
