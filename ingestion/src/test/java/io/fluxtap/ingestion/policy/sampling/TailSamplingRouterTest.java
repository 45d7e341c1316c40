package io.fluxtap.ingestion.policy.sampling;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.PublishResult;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.policy.IngestPolicies;
import io.fluxtap.ingestion.policy.sampling.TraceGenerator.GeneratedTrace;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestLanes;
import io.fluxtap.testing.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampling stage in front of real lanes: kept traces reach the sink whole, dropped ones not at all. */
class TailSamplingRouterTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RingSettings RING =
            new RingSettings(1024, 256, Duration.ofMillis(500), Duration.ofMillis(1), Duration.ofMillis(10));

    @TempDir
    Path dataDir;

    private final MovableClock clock = new MovableClock(T0);
    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private final List<GeneratedTrace> traces = new TraceGenerator(7, T0).traces(120);
    private LaneRouter router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.drain();
        }
    }

    private TailSamplingStage start(String yaml) {
        TailSamplingStage stage = new TailSamplingStage(SamplingConfigReader.parse(yaml, "test"), clock,
                SamplingTesting.metrics(), Duration.ZERO);
        router = new LaneRouter(sink, new IngestMetrics(SamplingTesting.registry()), TestLanes.settings(dataDir, RING),
                new IngestPolicies(List.of(stage)));
        router.start();
        return stage;
    }

    @Test
    void keptTracesAreStoredWholeThroughTheLanesAndDroppedOnesNotAtAll() {
        TailSamplingStage stage = start("""
                policies:
                  - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                  - {name: slow, type: latency, latency: {threshold_ms: 2000}}
                """);
        List<SpanRecord> all = traces.stream().flatMap(t -> t.spans().stream()).toList();
        for (int from = 0; from < all.size(); from += 64) {
            assertEquals(PublishResult.ACCEPTED, router.publishSpans(all.subList(from, Math.min(all.size(), from + 64)))
                    .result());
        }
        assertEquals(0, storedSpans().size(), "nothing stored before a decision");

        clock.advance(Duration.ofSeconds(2));
        stage.tick();
        Set<String> want = traces.stream().filter(t -> t.error() || t.durationMs() >= 2000)
                .map(GeneratedTrace::traceId).collect(Collectors.toSet());
        long keptSpans = traces.stream().filter(t -> want.contains(t.traceId())).mapToLong(t -> t.spans().size()).sum();
        until(() -> storedSpans().size() == keptSpans, WAIT, () -> "stored " + storedSpans().size() + " of " + keptSpans);

        // Late spans follow the decision through the router too.
        router.publishSpans(traces.stream().flatMap(t -> t.lateSpans().stream()).toList());
        long withLate = traces.stream().filter(t -> want.contains(t.traceId())).mapToLong(GeneratedTrace::spanCount).sum();
        until(() -> storedSpans().size() == withLate, WAIT, () -> "stored " + storedSpans().size() + " of " + withLate);

        Map<String, Long> byTrace = storedSpans().stream()
                .collect(Collectors.groupingBy(SpanRecord::traceId, Collectors.counting()));
        assertEquals(want, byTrace.keySet());
        Map<String, GeneratedTrace> generated = traces.stream()
                .collect(Collectors.toMap(GeneratedTrace::traceId, Function.identity()));
        byTrace.forEach((id, n) -> assertEquals(generated.get(id).spanCount(), n, "trace " + id + " whole"));
        assertEquals(storedSpans().size(), storedSpans().stream().map(s -> s.traceId() + "/" + s.spanId()).distinct()
                .count(), "no span stored twice");
    }

    @Test
    void aCleanStopDecidesTheBufferedTracesAndStoresTheKeptOnes() {
        start("policies: [{name: errors, type: status_code, status_code: {status_codes: [ERROR]}}]\n");
        GeneratedTrace failed = traces.stream().filter(GeneratedTrace::error).findFirst().orElseThrow();
        GeneratedTrace fine = traces.stream().filter(t -> !t.error()).findFirst().orElseThrow();
        router.publishSpans(failed.spans());
        router.publishSpans(fine.spans());
        router.drain();
        router = null;
        assertEquals(Set.of(failed.traceId()), storedSpans().stream().map(SpanRecord::traceId).collect(Collectors.toSet()));
        assertEquals(failed.spans().size(), storedSpans().size());
    }

    @Test
    void withSamplingOffEverySpanIsStoredAtOnce() {
        start("# no policies\n");
        List<SpanRecord> all = traces.stream().flatMap(t -> t.spans().stream()).toList();
        router.publishSpans(all);
        until(() -> storedSpans().size() == all.size(), WAIT, () -> "stored " + storedSpans().size());
    }

    @Test
    void aReloadDecidesWhatTheOldPoliciesBufferedThenTheNewOnesRunAndABadFileChangesNothing() throws Exception {
        Path file = dataDir.resolve("sampling.yml");
        Files.writeString(file, "policies: [{name: errors, type: status_code, status_code: {status_codes: [ERROR]}}]\n");
        TailSamplingStage stage = new TailSamplingStage(() -> SamplingConfigReader.read(file), clock,
                SamplingTesting.metrics(), Duration.ZERO);
        router = new LaneRouter(sink, new IngestMetrics(SamplingTesting.registry()), TestLanes.settings(dataDir, RING),
                new IngestPolicies(List.of(stage)));
        router.start();
        GeneratedTrace failed = traces.stream().filter(GeneratedTrace::error).findFirst().orElseThrow();
        GeneratedTrace slowOk = traces.stream().filter(t -> !t.error() && t.durationMs() >= 2000).findFirst()
                .orElseThrow();
        router.publishSpans(failed.spans());
        router.publishSpans(slowOk.spans());
        assertEquals(0, storedSpans().size(), "buffered until decided");

        Files.writeString(file, "policies: [{name: x, type: no_such_type}]\n");
        List<String> refused = stage.reload();
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.getFirst().contains("no_such_type"), refused.toString());
        assertEquals(0, storedSpans().size(), "a bad file decides nothing: the running policies stay");
        assertTrue(stage.enabled());

        Files.writeString(file, "policies: [{name: slow, type: latency, latency: {threshold_ms: 2000}}]\n");
        assertEquals(List.of(), stage.reload());
        // The old policies decide what they buffered at once: the error trace is kept, the slow one was not an error.
        until(() -> storedSpans().size() == failed.spans().size(), WAIT, () -> "stored " + storedSpans().size());
        assertEquals(Set.of(failed.traceId()), storedTraceIds());

        // New traces follow the new policy: the slow one is kept, an error that is fast is not.
        GeneratedTrace slowOther = traces.stream().filter(t -> t.durationMs() >= 2000 && t != slowOk && t != failed)
                .findFirst().orElseThrow();
        GeneratedTrace fastError = traces.stream().filter(t -> t.error() && t.durationMs() < 2000 && t != failed)
                .findFirst().orElseThrow();
        router.publishSpans(slowOther.spans());
        router.publishSpans(fastError.spans());
        clock.advance(Duration.ofSeconds(30));
        stage.tick();
        until(() -> storedTraceIds().contains(slowOther.traceId()), WAIT, () -> "stored " + storedTraceIds());
        router.drain();
        router = null;
        assertEquals(Set.of(failed.traceId(), slowOther.traceId()), storedTraceIds());

        // Sampling turned off by a reload: every span passes at once.
        Files.writeString(file, "# no policies\n");
        assertEquals(List.of(), stage.reload());
        assertEquals(false, stage.enabled());
        assertEquals(fastError.spans(), stage.onSpans(fastError.spans()));
    }

    private Set<String> storedTraceIds() {
        return storedSpans().stream().map(SpanRecord::traceId).collect(Collectors.toSet());
    }

    private List<SpanRecord> storedSpans() {
        return sink.batches().stream().flatMap(b -> b.spans().stream()).toList();
    }

}
