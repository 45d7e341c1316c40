package io.fluxtap.alerting.rules;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluation slots as Prometheus' Group.EvalTimestamp computes them. */
class RuleGroupSlotsTest {

    @Test
    void xxHash64MatchesTheReferenceVectors() {
        assertEquals(0xef46db3751d8e999L, XxHash64.hash(new byte[0]));
        assertEquals(0x44bc2cf5ad770999L, XxHash64.hash("abc".getBytes(StandardCharsets.UTF_8)));
        // 39 bytes: the 32-byte stripes, then the 4-byte and 1-byte tails.
        assertEquals(0xfbcea83c8a378bf1L,
                XxHash64.hash("Nobody inspects the spammish repetition".getBytes(StandardCharsets.UTF_8)));
    }

    private static RuleGroup group(String file, String name, Duration interval) {
        return new RuleGroup(file, name, interval, Duration.ZERO, 0, List.of(), new CapturingWriter(), alerts -> {
        }, new InMemoryAlertStateStore(), Duration.ofMinutes(1), new TestClock(Instant.EPOCH));
    }

    private static double offsetSeconds(RuleGroup g, Instant now) {
        Instant slot = g.evalTimestamp(now);
        long intervalMs = g.interval().toMillis();
        return Math.floorMod(slot.toEpochMilli(), intervalMs) / 1000.0 + (slot.getNano() % 1_000_000) / 1e9;
    }

    /**
     * Observed with Prometheus 2.42 (Debian package) on this machine: rule file /tmp/rules-prom/rules.yml, groups
     * alpha and beta at 10s; /api/v1/rules gave lastEvaluation ...:39.478872033 and ...:40.775879442, the wall
     * clock just after the slot, so the slots sit just before 9.4789 s and 0.7759 s into each 10 s.
     */
    @Test
    void slotsMatchWhatPrometheusEvaluatedAt() {
        Instant now = Instant.parse("2026-12-02T03:24:45Z");
        double alpha = offsetSeconds(group("/tmp/rules-prom/rules.yml", "alpha", Duration.ofSeconds(10)), now);
        double beta = offsetSeconds(group("/tmp/rules-prom/rules.yml", "beta", Duration.ofSeconds(10)), now);
        assertTrue(alpha > 9.468 && alpha <= 9.478872033, "alpha's offset " + alpha);
        assertTrue(beta > 0.765 && beta <= 0.775879442, "beta's offset " + beta);
    }

    @Test
    void theSlotIsTheLastOneAtOrBeforeNowAndTheFirstEvaluationTheNext() {
        RuleGroup g = group("rules.yml", "g", Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-11-22T10:00:00.123Z");
        Instant slot = g.evalTimestamp(now);
        assertTrue(!slot.isAfter(now) && slot.plus(g.interval()).isAfter(now), slot.toString());
        assertEquals(slot, g.evalTimestamp(slot), "a slot is its own slot");
        assertEquals(slot, g.evalTimestamp(slot.plus(Duration.ofSeconds(59))));
        assertEquals(slot.plus(g.interval()), g.evalTimestamp(slot.plus(g.interval())));
        assertEquals(slot.plus(g.interval()), g.firstEvaluation(now));
        assertEquals(Duration.ofMinutes(1), Duration.between(g.evalTimestamp(now),
                g.evalTimestamp(now.plus(Duration.ofMinutes(1)))));
    }
}
