package io.fluxtap.alerting.rules;

import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Lane;
import io.fluxtap.api.PromqlQueries.Sample;
import io.fluxtap.api.PromqlQueries.Vector;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SqlQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading, reloading and scheduling, with a manual scheduler and a test clock (no waiting). */
class RuleManagerTest {

    @TempDir
    Path home;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00.250Z"));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakePromql promql = new FakePromql();
    private final CapturingWriter writer = new CapturingWriter();
    private final List<List<Alert>> sent = new ArrayList<>();
    private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();
    private final SqlQueries sql = (statement, timeout) -> {
        throw new AssertionError("no sql in these tests");
    };
    private final RecordSink sink = new RecordSink() {
        @Override
        public Writer openWriter(Lane lane) {
            return writer;
        }

        @Override
        public long appliedWalLsn(Lane lane) {
            return 0;
        }
    };
    private RuleManager manager;

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
        scheduler.shutdownNow();
    }

    private RuleManager manager() {
        RuleSettings settings = new RuleSettings(RuleSettings.DEFAULT_RULE_FILES, home.toString(),
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(1), 10, "http://f", Map.of(),
                NameValidation.UTF8);
        manager = new RuleManager(settings, new RuleFileParser(promql, new FakeTemplates(), NameValidation.UTF8,
                false), promql, sql, sink, sent::add, store, new FakeTemplates(), scheduler, clock);
        return manager;
    }

    private void write(String name, String content) throws IOException {
        Files.createDirectories(home.resolve("conf/rules"));
        Files.writeString(home.resolve("conf/rules").resolve(name), content);
    }

    @Test
    void groupsRunAtTheirSlotsWithTheDefaultInterval() throws IOException {
        write("a.yml", """
                groups:
                  - name: g
                    labels:
                      team: db
                    rules:
                      - alert: Always
                        expr: vector(1)
                        labels:
                          severity: page
                """);
        promql.script("vector(1)", (expr, at) -> new Vector(List.of(new Sample(Labels.EMPTY, at, 1))));
        RuleManager m = manager();
        assertEquals(List.of(), m.reload());
        RuleGroup group = m.groups().get(0);
        assertEquals(Duration.ofSeconds(30), group.interval(), "fluxtap.alerting.evaluation-interval");
        assertEquals(home.resolve("conf/rules/a.yml") + ";g", group.key());

        Instant first = group.firstEvaluation(clock.instant());
        ManualScheduler.Task task = scheduler.pending().get(0);
        assertEquals(Duration.between(clock.instant(), first).toNanos(), task.delayNs());
        clock.set(first);
        scheduler.runNext();
        assertEquals(first, group.status().lastEvaluation());
        assertEquals(Map.of("alertname", "Always", "severity", "page", "team", "db"),
                sent.get(0).get(0).labels().asMap(), "group labels under the rule's");

        ManualScheduler.Task next = scheduler.pending().get(0);
        assertEquals(Duration.ofSeconds(30).toNanos(), next.delayNs(), "the next slot, one interval on");
        // Late by more than two intervals: the missed slots are skipped, the latest one evaluated.
        Instant late = first.plus(Duration.ofSeconds(75));
        clock.set(late);
        scheduler.runNext();
        assertEquals(first.plus(Duration.ofSeconds(60)), promql.queriedAt.get(promql.queriedAt.size() - 1));
    }

    @Test
    void aBadFileOnReloadKeepsTheOldRulesRunning() throws IOException {
        write("a.yml", """
                groups:
                  - name: g
                    rules:
                      - record: one
                        expr: vector(1)
                """);
        RuleManager m = manager();
        assertEquals(List.of(), m.reload());
        assertTrue(m.lastReloadSuccessful());
        RuleGroup before = m.groups().get(0);

        write("b.yml", """
                groups:
                  - name: h
                    rules:
                      - record: x
                        expr: test +
                """);
        List<String> errors = m.reload();
        assertEquals(List.of(home.resolve("conf/rules/b.yml") + ": 5:15: group \"h\", rule 1, \"x\": could not parse "
                + "expression: 1:7: parse error: unexpected end of input"), errors);
        assertEquals(List.of(before), m.groups(), "the old group still runs");
        assertEquals(1, scheduler.pending().size(), "and is still scheduled");
        assertEquals(errors, m.lastReloadErrors());
        assertTrue(!m.lastReloadSuccessful());

        write("b.yml", "groups: []\n");
        assertEquals(List.of(), m.reload());
        assertTrue(m.lastReloadSuccessful());
        assertEquals(1, scheduler.pending().size(), "the old group's evaluation is cancelled, the new one's scheduled");
    }

    @Test
    void alertsSurviveAReloadThroughTheStore() throws IOException {
        write("a.yml", """
                groups:
                  - name: g
                    interval: 1m
                    rules:
                      - alert: Slow
                        expr: vector(1)
                        for: 3m
                """);
        promql.script("vector(1)", (expr, at) -> new Vector(List.of(new Sample(Labels.EMPTY, at, 1))));
        RuleManager m = manager();
        m.reload();
        clock.set(m.groups().get(0).firstEvaluation(clock.instant()));
        scheduler.runNext();
        AlertingRule rule = (AlertingRule) m.groups().get(0).rules().get(0);
        Instant activeAt = rule.alerts().get(0).activeAt();

        m.reload();
        AlertingRule reloaded = (AlertingRule) m.groups().get(0).rules().get(0);
        assertTrue(reloaded != rule);
        assertEquals(activeAt, reloaded.alerts().get(0).activeAt());
        assertEquals(AlertState.PENDING, reloaded.alerts().get(0).state());
    }
}
