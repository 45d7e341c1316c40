package io.fluxtap.ingestion.policy.sampling;

import static io.fluxtap.ingestion.policy.sampling.SamplingTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.SpanRecord.StatusCode;
import io.fluxtap.ingestion.policy.sampling.TraceGenerator.GeneratedTrace;
import io.fluxtap.ingestion.testing.TestLogs;
import io.fluxtap.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TailSamplerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<GeneratedTrace> TRACES = new TraceGenerator(14, T0).traces(400);

    private final MovableClock clock = new MovableClock(T0);

    // ---- exact decisions per policy over generated traces ------------------------------------------

    @Test
    void everyPolicyDecidesTheGeneratedTracesExactlyAndKeptTracesAreWhole() {
        Map<String, Predicate<GeneratedTrace>> expected = new LinkedHashMap<>();
        expected.put("{type: always_sample}", t -> true);
        expected.put("{type: status_code, status_code: {status_codes: [ERROR]}}", GeneratedTrace::error);
        expected.put("{type: status_code, status_code: {status_codes: [OK]}}", t -> !t.error());
        expected.put("{type: status_code, status_code: {status_codes: [UNSET, ERROR]}}", t -> true);
        expected.put("{type: latency, latency: {threshold_ms: 1500}}", t -> t.durationMs() >= 1500);
        expected.put("{type: latency, latency: {threshold_ms: 100, upper_threshold_ms: 1000}}",
                t -> t.durationMs() > 100 && t.durationMs() <= 1000);
        expected.put("{type: string_attribute, string_attribute: {key: customer.tier, values: [gold]}}",
                t -> t.tier().equals("gold"));
        expected.put("{type: string_attribute, string_attribute: {key: customer.tier, values: ['^(gold|sil)'], "
                + "enabled_regex_matching: true}}", t -> !t.tier().equals("free"));
        expected.put("{type: string_attribute, string_attribute: {key: customer.tier, values: [gold], "
                + "invert_match: true}}", t -> !t.tier().equals("gold"));
        expected.put("{type: string_attribute, string_attribute: {key: deployment.environment, values: [prod]}}",
                t -> true);
        expected.put("{type: numeric_attribute, numeric_attribute: {key: http.response.status_code, min_value: 500, "
                + "max_value: 599}}", GeneratedTrace::error);
        expected.put("{type: numeric_attribute, numeric_attribute: {key: http.response.status_code, min_value: 501}}",
                t -> t.httpStatus() == 503);
        expected.put("{type: and, and: {and_sub_policy: [{name: e, type: status_code, status_code: {status_codes: "
                + "[ERROR]}}, {name: g, type: string_attribute, string_attribute: {key: customer.tier, values: "
                + "[gold]}}]}}", t -> t.error() && t.tier().equals("gold"));

        for (Map.Entry<String, Predicate<GeneratedTrace>> policy : expected.entrySet()) {
            SamplingConfig config = SamplingConfigReader.parse(
                    "policies: [{name: p, " + policy.getKey().substring(1) + "]", "test");
            Set<String> want = TRACES.stream().filter(policy.getValue()).map(GeneratedTrace::traceId)
                    .collect(Collectors.toSet());
            assertTrue(!want.isEmpty() && want.size() < TRACES.size() || policy.getKey().contains("always")
                    || policy.getKey().contains("UNSET") || policy.getKey().contains("prod"),
                    policy.getKey() + ": the generated traces split (some kept, some dropped)");
            assertKeepsExactly(config, want, policy.getKey());
        }
    }

    /** Sends every trace in exporter-sized batches, decides, sends the late spans, and checks what was stored. */
    private void assertKeepsExactly(SamplingConfig config, Set<String> want, String policy) {
        MovableClock time = new MovableClock(T0);
        TailSampler sampler = new TailSampler(config, time, SamplingTesting.metrics());
        List<SpanRecord> stored = new ArrayList<>();
        List<SpanRecord> all = TRACES.stream().flatMap(t -> t.spans().stream()).toList();
        for (int from = 0; from < all.size(); from += 50) {
            stored.addAll(sampler.offer(all.subList(from, Math.min(all.size(), from + 50))));
        }
        assertEquals(List.of(), stored, policy + ": nothing is stored before its trace is decided");
        assertEquals(TRACES.size(), sampler.bufferedTraces());
        // Decided by their root span's grace, then their late spans follow the decision.
        time.advance(config.rootSpanGrace());
        stored.addAll(sampler.decideDue());
        assertEquals(0, sampler.bufferedTraces(), policy);
        stored.addAll(sampler.offer(TRACES.stream().flatMap(t -> t.lateSpans().stream()).toList()));
        assertEquals(0, sampler.bufferedTraces(), policy + ": late spans follow the cached decision");

        Set<String> kept = stored.stream().map(SpanRecord::traceId).collect(Collectors.toSet());
        assertEquals(want, kept, policy);
        for (GeneratedTrace trace : TRACES) {
            long spans = stored.stream().filter(s -> s.traceId().equals(trace.traceId())).count();
            assertEquals(want.contains(trace.traceId()) ? trace.spanCount() : 0, spans,
                    policy + ": trace " + trace.traceId() + " stored whole or not at all");
        }
    }

    @Test
    void theSeedsThreePoliciesKeepEveryErrorAndEverySlowTraceAndAboutTheSampledShareOfTheRest() {
        SamplingConfig config = SamplingConfigReader.parse("""
                policies:
                  - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                  - {name: slow, type: latency, latency: {threshold_ms: 1000}}
                  - {name: sample, type: probabilistic, probabilistic: {sampling_percentage: 25}}
                """, "test");
        TailSampler sampler = new TailSampler(config, clock, SamplingTesting.metrics());
        TRACES.forEach(t -> sampler.offer(t.spans()));
        clock.advance(Duration.ofSeconds(10));
        Set<String> kept = sampler.decideDue().stream().map(SpanRecord::traceId).collect(Collectors.toSet());
        List<GeneratedTrace> boring = TRACES.stream().filter(t -> !t.error() && t.durationMs() < 1000).toList();
        for (GeneratedTrace trace : TRACES) {
            if (trace.error() || trace.durationMs() >= 1000) {
                assertTrue(kept.contains(trace.traceId()), "error or slow trace kept: " + trace);
            }
        }
        long sampledBoring = boring.stream().filter(t -> kept.contains(t.traceId())).count();
        double share = (double) sampledBoring / boring.size();
        assertTrue(share > 0.15 && share < 0.35, "about 25% of the " + boring.size() + " others: " + share);
        // The probabilistic part is the trace id's: the same traces again under another sampler.
        TailSampler again = new TailSampler(config, clock, SamplingTesting.metrics());
        TRACES.forEach(t -> again.offer(t.spans()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(kept, again.decideDue().stream().map(SpanRecord::traceId).collect(Collectors.toSet()));
    }

    @Test
    void rateLimitingKeepsTracesWhileTheBucketHoldsTheirSpansAndRefillsWithTheClock() {
        SamplingConfig config = SamplingConfigReader.parse(
                "policies: [{name: r, type: rate_limiting, rate_limiting: {spans_per_second: 10}}]", "test");
        TailSampler sampler = new TailSampler(config, clock, SamplingTesting.metrics());
        List<GeneratedTrace> first = TRACES.subList(0, 20);
        first.forEach(t -> sampler.offer(t.spans()));
        clock.advance(Duration.ofSeconds(10));
        Set<String> kept = sampler.decideDue().stream().map(SpanRecord::traceId).collect(Collectors.toSet());
        // A full bucket of 20 spans, taken in arrival order while it holds the next trace's spans.
        Set<String> want = new HashSet<>();
        double tokens = 20;
        for (GeneratedTrace t : first) {
            if (t.spans().size() <= tokens) {
                tokens -= t.spans().size();
                want.add(t.traceId());
            }
        }
        assertEquals(want, kept);
        // Ten seconds later the bucket is full again (20 spans, never more).
        GeneratedTrace next = TRACES.get(20);
        sampler.offer(next.spans());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(next.spans().size(), sampler.decideDue().size());
    }

    // ---- when a trace is decided ------------------------------------------------------------------------

    @Test
    void aTraceIsDecidedOnceNoSpanCameForDecisionWait() {
        TailSampler sampler = new TailSampler(errorsOnly("decision_wait: 10s\nroot_span_grace: 1h\n"), clock,
                SamplingTesting.metrics());
        String trace = "0af7651916cd43dd8448eb211c80319c";
        sampler.offer(List.of(TraceGenerator.span(trace, "00f067aa0ba902b7", Duration.ofMillis(5), StatusCode.ERROR)));
        clock.advance(Duration.ofSeconds(9));
        sampler.offer(List.of(TraceGenerator.span(trace, "00f067aa0ba902b7", Duration.ofMillis(6), StatusCode.OK)));
        clock.advance(Duration.ofMillis(9_999));
        assertEquals(List.of(), sampler.decideDue(), "the second span restarted decision_wait");
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, sampler.decideDue().size());
        assertEquals(0, sampler.bufferedSpans());
    }

    @Test
    void aTraceWhoseRootSpanArrivedIsDecidedAfterTheGrace() {
        TailSampler sampler = new TailSampler(errorsOnly("decision_wait: 10s\nroot_span_grace: 2s\n"), clock,
                SamplingTesting.metrics());
        long before = count(SamplingMetrics.DECISIONS, "decision", "sampled", "reason", "root_ended");
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        sampler.offer(List.of(TraceGenerator.span(trace, "00f067aa0ba902b7", Duration.ofMillis(5), StatusCode.ERROR),
                TraceGenerator.span(trace, null, Duration.ofMillis(9), StatusCode.OK)));
        clock.advance(Duration.ofMillis(1_999));
        assertEquals(List.of(), sampler.decideDue());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, sampler.decideDue().size());
        assertEquals(before + 1, count(SamplingMetrics.DECISIONS, "decision", "sampled", "reason", "root_ended"));
    }

    @Test
    void aFullBufferDecidesTheOldestTracesEarlyAndCountsThem() {
        TailSampler sampler = new TailSampler(errorsOnly("num_traces: 3\nmax_buffered_spans: 1000\n"), clock,
                SamplingTesting.metrics());
        long early = count(SamplingMetrics.DECISIONS, "decision", "sampled", "reason", "buffer_full")
                + count(SamplingMetrics.DECISIONS, "decision", "not_sampled", "reason", "buffer_full");
        List<SpanRecord> stored = new ArrayList<>();
        for (GeneratedTrace trace : TRACES.subList(0, 5)) {
            stored.addAll(sampler.offer(trace.spans()));
        }
        assertEquals(3, sampler.bufferedTraces());
        Set<String> want = TRACES.subList(0, 2).stream().filter(GeneratedTrace::error).map(GeneratedTrace::traceId)
                .collect(Collectors.toSet());
        assertEquals(want, stored.stream().map(SpanRecord::traceId).collect(Collectors.toSet()),
                "the two oldest were decided early, the kept ones stored whole");
        assertEquals(early + 2, count(SamplingMetrics.DECISIONS, "decision", "sampled", "reason", "buffer_full")
                + count(SamplingMetrics.DECISIONS, "decision", "not_sampled", "reason", "buffer_full"));

        // The span bound: a trace that does not fit is decided as it comes, with the oldest before it.
        TailSampler small = new TailSampler(errorsOnly("max_buffered_spans: 10\n"), clock, SamplingTesting.metrics());
        int buffered = 0;
        for (GeneratedTrace trace : TRACES.subList(0, 30)) {
            small.offer(trace.spans());
            assertTrue(small.bufferedSpans() <= 10, "at most 10 spans buffered: " + small.bufferedSpans());
            buffered = Math.max(buffered, (int) small.bufferedSpans());
        }
        assertTrue(buffered > 0);
    }

    @Test
    void aFewSpansWithLargeAttributesAreBoundedByTheirBytesNotTheirCount() {
        // Each span carries 100 KB of attributes: 30 of them are far under the span bound and far over 1 MB.
        TailSampler sampler = new TailSampler(errorsOnly("max_buffered_bytes: 1000000\n"), clock, SamplingTesting.metrics());
        long early = count(SamplingMetrics.DECISIONS, "decision", "sampled", "reason", "buffer_full")
                + count(SamplingMetrics.DECISIONS, "decision", "not_sampled", "reason", "buffer_full");
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        long largest = 0;
        for (int i = 0; i < 30; i++) {
            String traceId = "%032x".formatted(i + 1);
            sampler.offer(List.of(TraceGenerator.span(traceId, "%016x".formatted(i + 1), null, "svc", "op",
                    SpanRecord.SpanKind.SERVER, start, start.plusMillis(5), StatusCode.UNSET,
                    Map.of("payload", "x".repeat(100_000)))));
            assertTrue(sampler.bufferedBytes() <= 1_000_000, "at most 1 MB buffered: " + sampler.bufferedBytes());
            largest = Math.max(largest, sampler.bufferedBytes());
        }
        assertTrue(largest > 900_000, "the buffer fills up to its bound: " + largest);
        assertTrue(sampler.bufferedSpans() < 10, "about 9 such spans fit, not 200,000: " + sampler.bufferedSpans());
        assertEquals(early + 30 - sampler.bufferedTraces(),
                count(SamplingMetrics.DECISIONS, "decision", "sampled", "reason", "buffer_full")
                        + count(SamplingMetrics.DECISIONS, "decision", "not_sampled", "reason", "buffer_full"),
                "every trace pushed out was decided early and counted");

        sampler.decideAll();
        assertEquals(0, sampler.bufferedBytes(), "decided traces give their bytes back");
    }

    @Test
    void decisionsAreCachedSoLateSpansFollowThemAndAreCounted() {
        TailSampler sampler = new TailSampler(errorsOnly(""), clock, SamplingTesting.metrics());
        GeneratedTrace failed = TRACES.stream().filter(GeneratedTrace::error).findFirst().orElseThrow();
        GeneratedTrace fine = TRACES.stream().filter(t -> !t.error()).findFirst().orElseThrow();
        sampler.offer(failed.spans());
        sampler.offer(fine.spans());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(failed.spans().size(), sampler.decideDue().size());
        long lateKept = count(SamplingMetrics.LATE_SPANS, "decision", "sampled");
        long lateDropped = count(SamplingMetrics.LATE_SPANS, "decision", "not_sampled");
        SpanRecord lateOfFailed = TraceGenerator.span(failed.traceId(), "00f067aa0ba902b7", Duration.ofMillis(1),
                StatusCode.UNSET);
        SpanRecord lateOfFine = TraceGenerator.span(fine.traceId(), "00f067aa0ba902b7", Duration.ofMillis(1),
                StatusCode.ERROR);
        assertEquals(List.of(lateOfFailed), sampler.offer(List.of(lateOfFailed, lateOfFine)),
                "a late span of a kept trace is stored at once; one of a dropped trace is dropped, even an error");
        assertEquals(0, sampler.bufferedTraces());
        assertEquals(lateKept + 1, count(SamplingMetrics.LATE_SPANS, "decision", "sampled"));
        assertEquals(lateDropped + 1, count(SamplingMetrics.LATE_SPANS, "decision", "not_sampled"));
    }

    @Test
    void anInvertedNotSampledVetoesTheOtherPolicies() {
        SamplingConfig config = SamplingConfigReader.parse("""
                policies:
                  - {name: all, type: always_sample}
                  - {name: not-free, type: string_attribute,
                     string_attribute: {key: customer.tier, values: [free], invert_match: true}}
                """, "test");
        TailSampler sampler = new TailSampler(config, clock, SamplingTesting.metrics());
        TRACES.forEach(t -> sampler.offer(t.spans()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(TRACES.stream().filter(t -> !t.tier().equals("free")).map(GeneratedTrace::traceId)
                        .collect(Collectors.toSet()),
                sampler.decideDue().stream().map(SpanRecord::traceId).collect(Collectors.toSet()));
    }

    @Test
    void eachPolicysDecisionIsCountedByPolicyName() {
        SamplingConfig config = SamplingConfigReader.parse("""
                policies:
                  - {name: counted-errors, type: status_code, status_code: {status_codes: [ERROR]}}
                """, "test");
        long sampled = count(SamplingMetrics.TRACES, "policy", "counted-errors", "decision", "sampled");
        long notSampled = count(SamplingMetrics.TRACES, "policy", "counted-errors", "decision", "not_sampled");
        TailSampler sampler = new TailSampler(config, clock, SamplingTesting.metrics());
        TRACES.forEach(t -> sampler.offer(t.spans()));
        clock.advance(Duration.ofSeconds(10));
        sampler.decideDue();
        long errors = TRACES.stream().filter(GeneratedTrace::error).count();
        assertEquals(sampled + errors, count(SamplingMetrics.TRACES, "policy", "counted-errors", "decision", "sampled"));
        assertEquals(notSampled + TRACES.size() - errors,
                count(SamplingMetrics.TRACES, "policy", "counted-errors", "decision", "not_sampled"));
    }

    // ---- the stage -------------------------------------------------------------------------------------

    @Test
    void offByDefaultTheStageHandsEverySpanOnAndBuffersNothing() {
        TailSamplingStage stage = new TailSamplingStage(SamplingConfig.OFF, clock, SamplingTesting.metrics(),
                Duration.ZERO);
        List<SpanRecord> spans = TRACES.get(0).spans();
        assertSame(spans, stage.onSpans(spans));
        assertTrue(!stage.enabled());
    }

    @Test
    void logsWithATraceIdAreNeverDroppedBySampling() {
        TailSamplingStage stage = new TailSamplingStage(errorsOnly(""), clock, SamplingTesting.metrics(),
                Duration.ZERO);
        GeneratedTrace fine = TRACES.stream().filter(t -> !t.error()).findFirst().orElseThrow();
        stage.onSpans(fine.spans());
        stage.start(spans -> { });
        clock.advance(Duration.ofSeconds(10));
        stage.tick();
        LogRecord log = TestLogs.log("frontend", Level.DEBUG, Map.of(), "checkout done");
        List<LogRecord> logs = List.of(withTrace(log, fine.traceId()));
        assertSame(logs, stage.onLogs(logs), "the dropped trace's log is kept");
        stage.stop();
    }

    private static LogRecord withTrace(LogRecord log, String traceId) {
        return new LogRecord(log.timestamp(), log.observedTimestamp(), traceId, "00f067aa0ba902b7", log.fluxId(),
                log.machineId(), log.entityName(), log.gearId(), log.level(), log.severityNumber(), log.body(),
                log.attributes(), log.resource(), log.severityText(), log.scopeName(), log.scopeVersion(),
                log.scopeAttributes(), log.timeUnixNano(), log.observedTimeUnixNano());
    }

    // ---- probabilistic as the Collector hashes ---------------------------------------------------------

    @Test
    void probabilisticHashesAndThresholdsAsTheCollector() {
        // FNV-1a 64 published test vectors.
        assertEquals(0xcbf29ce484222325L, ProbabilisticPolicy.hash("", new byte[0]));
        assertEquals(0xaf63dc4c8601ec8cL, ProbabilisticPolicy.hash("a", new byte[0]));
        assertEquals(0x85944171f73967e8L, ProbabilisticPolicy.hash("foo", "bar".getBytes()));
        // Thresholds as Go's big.Float gives them for percentage / 100 (computed independently with Python's exact fractions).
        assertEquals(0x19999999999999ffL, ProbabilisticPolicy.threshold(0.10));
        assertEquals(0x3fffffffffffffffL, ProbabilisticPolicy.threshold(0.25));
        assertEquals(0x7fffffffffffffffL, ProbabilisticPolicy.threshold(0.50));
        assertEquals(0x553f7ced91686fffL, ProbabilisticPolicy.threshold(33.3 / 100));
        assertEquals(-1L, ProbabilisticPolicy.threshold(1.0));
        assertEquals(-1L, ProbabilisticPolicy.threshold(1.5));
        assertEquals(0L, ProbabilisticPolicy.threshold(0));
        // Trace ids with the default salt, and the smallest percentage that keeps each (same Python computation).
        Map<String, Integer> smallestKeeping = Map.of(
                "4bf92f3577b34da6a3ce929d0e0e4736", 75,
                "0af7651916cd43dd8448eb211c80319c", 25,
                "00000000000000000000000000000001", 90,
                "ffffffffffffffffffffffffffffffff", 10,
                "5b8efff798038103d269b633813fc60c", 75);
        int[] percentages = {10, 25, 50, 75, 90};
        smallestKeeping.forEach((traceId, smallest) -> {
            for (int pct : percentages) {
                Decision decision = ProbabilisticPolicy.of("", pct).evaluate(new TraceView(traceId, List.of()), T0);
                assertEquals(pct >= smallest ? Decision.SAMPLED : Decision.NOT_SAMPLED, decision, traceId + " at " + pct);
            }
        });
        assertEquals(0xa54533ba2e4970b5L, ProbabilisticPolicy.hash("default-hash-seed",
                java.util.HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736")));
    }

    private static SamplingConfig errorsOnly(String settings) {
        return SamplingConfigReader.parse(settings
                + "policies: [{name: errors, type: status_code, status_code: {status_codes: [ERROR]}}]\n", "test");
    }
}
