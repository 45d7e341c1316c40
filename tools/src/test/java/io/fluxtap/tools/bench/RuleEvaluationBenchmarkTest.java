package io.fluxtap.tools.bench;

import org.junit.jupiter.api.Test;

import io.fluxtap.alerting.persist.StateStoreAlertStateStore;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's workload is what BENCHMARKS.md says it is: at full size 10,000 series and 1,000 rules; at a small
 * size every rule evaluates without error and every one of the ten rule shapes has firing alerts once the longest
 * {@code for} (5 m) has passed, so a round measures alerts being produced, not only queries. No timing here.
 */
class RuleEvaluationBenchmarkTest {

    @Test
    void fullSizeIsTenThousandSeriesAndAThousandRules() {
        RuleEvalWorkload w = new RuleEvaluationBenchmark(20, 25, 10).workload();
        assertEquals(10_000, w.series());
        assertEquals(9_810, w.storedSeries());
        assertEquals(1_000, w.rules());
    }

    @Test
    void everyShapeFiresWithoutRuleErrors() {
        RuleEvaluationBenchmark bench = new RuleEvaluationBenchmark(2, 25, 2);
        bench.loadHistory();
        assertEquals(bench.workload().storedSeries(), bench.storedSeries());
        bench.loadRules(bench.workload().ruleFile(2));
        // 21 rounds of 15 s: 5 m 15 s, past the longest for.
        for (int r = 1; r <= 21; r++) {
            bench.round(r);
        }
        Map<String, Integer> counts = bench.alertCounts();
        assertEquals(100, counts.get("rules"));
        assertEquals(0, counts.get("errors"), "rules that failed: " + counts);
        assertTrue(counts.get("firing") > 0, "firing alerts: " + counts);
        Set<String> shapes = Set.of("HighErrorRatio", "HighErrorRate", "HighLatencyP99", "TargetDown",
                "MetricAbsent", "HighMemory", "DiskWillFill", "TrafficDrop", "Many503", "MemoryLeak");
        assertEquals(shapes, bench.firingByName().keySet(), "alert names with firing alerts");
        assertTrue(bench.samplesWritten() > 0, "ALERTS samples written");
        assertTrue(bench.alertsSent() > 0, "alerts sent");
    }

    @Test
    void overTheServersStoreTheAlertsAreSavedToItsStateStore() throws Exception {
        RuleEvaluationBenchmark.DuckDbStore store = new RuleEvaluationBenchmark.DuckDbStore();
        try {
            RuleEvaluationBenchmark bench = new RuleEvaluationBenchmark(1, 10, 1, store);
            bench.loadHistory();
            bench.loadRules(bench.workload().ruleFile(1));
            for (int r = 1; r <= 3; r++) {
                bench.round(r);
            }
            assertEquals(0, bench.alertCounts().get("errors"), "rules that failed: " + bench.alertCounts());
            int withAlerts = bench.rulesWithAlerts();
            assertTrue(withAlerts > 0, "no rule has alerts");
            // A fresh reader of the same database, as a restarted server would read it.
            assertEquals(withAlerts, new DuckDbStateStore(store.database()).load(StateStoreAlertStateStore.NAMESPACE)
                    .size(), "one state document per rule with alerts");
        } finally {
            store.close();
        }
    }
}
