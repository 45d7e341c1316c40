package io.fluxtap.ingestion.lane;

import static io.fluxtap.testing.Await.until;
import static io.fluxtap.ingestion.testing.TestLogs.log;
import static io.fluxtap.ingestion.testing.TestLogs.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.ingestion.policy.IngestPolicies;
import io.fluxtap.ingestion.policy.IngestPolicy;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestLanes;
import io.helidon.microprofile.metrics.RegistryFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router: which lane each record takes, and what a request spread over several lanes is answered. */
class LaneRouterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RingSettings RING =
            new RingSettings(16, 16, Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMillis(10));

    @TempDir
    Path dataDir;

    private final List<LaneRouter> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(LaneRouter::drain);
    }

    private static IngestMetrics metrics() {
        return new IngestMetrics(RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE));
    }

    private LaneRouter router(RecordSink sink, LaneSettings settings) {
        LaneRouter router = new LaneRouter(sink, metrics(), settings);
        router.start();
        started.add(router);
        return router;
    }

    private LaneSettings settings(Set<String> p0Services, Level p1MinLevel) {
        LaneSettings base = TestLanes.settings(dataDir, RING, 4096, 8192, p0Services);
        return new LaneSettings(base.ring(), base.drainTimeout(), base.walDirectory(), base.walSegmentBytes(),
                base.walQuotaBytes(), base.p1GroupCommit(), base.durable(), base.p0Services(), p1MinLevel);
    }

    // ---- lane routing ----------------------------------------------------------------------------------

    @Test
    void logsTakeP1FromInfoUpAndP2BelowByDefault() {
        LaneRouter router = new LaneRouter(new InMemoryRecordSink(), metrics(), settings(Set.of(), Level.INFO));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.INFO, Map.of(), "i")));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.FATAL, Map.of(), "f")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.DEBUG, Map.of(), "d")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.TRACE, Map.of(), "t")));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.UNSPECIFIED, Map.of(), "u")),
                "a record without severity counts as INFO");
        assertEquals(Lane.P1, router.laneFor(log(null, Level.WARN, Map.of(), "no service")));
    }

    @Test
    void p0ServicesTakeP0AtAnyLevelAndBeforeTheAuditMark() {
        LaneRouter router = new LaneRouter(new InMemoryRecordSink(), metrics(), settings(Set.of("payments"), Level.INFO));
        assertEquals(Lane.P0, router.laneFor(log("payments", Level.TRACE, Map.of(), "t")));
        assertEquals(Lane.P0, router.laneFor(log("payments", Level.ERROR, Map.of("audit", true), "a")));
        assertEquals(Lane.P2, router.laneFor(log("Payments", Level.DEBUG, Map.of(), "case matters")));
        assertEquals(Lane.P2, router.laneFor(log("billing", Level.DEBUG, Map.of(), "other service")));
    }

    @Test
    void auditMarkedRecordsTakeP1WhateverTheirLevel() {
        LaneRouter router = new LaneRouter(new InMemoryRecordSink(), metrics(), settings(Set.of(), Level.INFO));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.DEBUG, Map.of("audit", true), "bool")));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.TRACE, Map.of("audit", "TRUE"), "text")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.DEBUG, Map.of("audit", false), "false")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.DEBUG, Map.of("audit", "yes"), "not true")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.DEBUG, Map.of("audit", 1L), "a number")));
    }

    @Test
    void theConfigurationKeysSetP0ServicesAndTheP1MinimumLevel() {
        LaneRouter router = new LaneRouter(new InMemoryRecordSink(), metrics(), IngestPolicies.NONE, dataDir.toString(), 16, 16, 100,
                1000, 4096, 8192, 1, 1000, 1000, Optional.of(" payments , billing,,"), "warn");
        assertEquals(Lane.P0, router.laneFor(log("payments", Level.DEBUG, Map.of(), "p")));
        assertEquals(Lane.P0, router.laneFor(log("billing", Level.DEBUG, Map.of(), "b")));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.WARN, Map.of(), "w")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.INFO, Map.of(), "below warn")));
        assertEquals(Lane.P2, router.laneFor(log("svc", Level.UNSPECIFIED, Map.of(), "INFO, below warn")));
        assertEquals(Lane.P1, router.laneFor(log("svc", Level.INFO, Map.of("audit", true), "audit")));
    }

    @Test
    void eachSignalKindReachesItsLane() {
        InMemoryRecordSink sink = new InMemoryRecordSink();
        LaneRouter router = router(sink, settings(Set.of("payments"), Level.INFO));
        assertEquals(PublishResult.ACCEPTED, router.publishMessages(List.of(message(1), message(2))).result());
        assertEquals(PublishResult.ACCEPTED, router.publishMetrics(List.of(sample("m"))).result());
        assertEquals(PublishResult.ACCEPTED, router.publishLogs(List.of(
                log("payments", Level.DEBUG, Map.of(), "p0"),
                log("svc", Level.INFO, Map.of(), "p1"),
                log("svc", Level.DEBUG, Map.of(), "p2"))).result());
        until(() -> count(sink, b -> b.messages().size()) == 2 && count(sink, b -> b.metrics().size()) == 1
                && sink.records().size() == 3, WAIT, () -> "stored " + sink.batches());

        Map<Lane, List<String>> logsByLane = sink.batches().stream().filter(b -> !b.logs().isEmpty())
                .collect(Collectors.groupingBy(RecordBatch::lane,
                        Collectors.flatMapping(b -> b.logs().stream().map(LogRecord::body), Collectors.toList())));
        assertEquals(Map.of(Lane.P0, List.of("p0"), Lane.P1, List.of("p1"), Lane.P2, List.of("p2")), logsByLane);
        assertTrue(sink.batches().stream().filter(b -> !b.messages().isEmpty()).allMatch(b -> b.lane() == Lane.P0),
                "business messages take P0");
        assertTrue(sink.batches().stream().filter(b -> !b.metrics().isEmpty()).allMatch(b -> b.lane() == Lane.P2),
                "metrics take P2");
        assertTrue(sink.batches().stream().filter(b -> b.lane() == Lane.P2).allMatch(b -> b.walLsn() == RecordBatch.NO_WAL),
                "P2 has no write-ahead log");
    }

    // ---- policy stages ---------------------------------------------------------------------------------

    @Test
    void policyStagesRunInTheirOrderBeforeAnyLaneSoWhatTheyDropNeverReachesTheWal() throws Exception {
        IngestPolicy upperCase = new IngestPolicy() {
            @Override
            public int order() {
                return ORDER_MASKING;
            }

            @Override
            public List<LogRecord> onLogs(List<LogRecord> logs) {
                // Sees only what the earlier stage kept: the dropped record would fail this stage.
                assertTrue(logs.stream().noneMatch(r -> r.body().startsWith("secret")), "ran before the filter");
                return logs.stream().map(r -> log(r.entityName(), r.level(), Map.of(), r.body().toUpperCase())).toList();
            }
        };
        IngestPolicy dropSecrets = new IngestPolicy() {
            @Override
            public int order() {
                return ORDER_LEVEL_FILTER;
            }

            @Override
            public List<LogRecord> onLogs(List<LogRecord> logs) {
                return logs.stream().filter(r -> !r.body().startsWith("secret")).toList();
            }
        };
        InMemoryRecordSink sink = new InMemoryRecordSink();
        LaneRouter router = new LaneRouter(sink, metrics(), settings(Set.of(), Level.INFO),
                new IngestPolicies(List.of(upperCase, dropSecrets)));
        router.start();
        started.add(router);

        assertEquals(PublishResult.ACCEPTED, router.publishLogs(List.of(
                log("svc", Level.INFO, Map.of(), "kept-one"),
                log("svc", Level.WARN, Map.of(), "secret-4111111111111111"),
                log("svc", Level.INFO, Map.of(), "kept-two"))).result());
        until(() -> sink.records().size() == 2, WAIT, () -> "stored " + sink.batches());

        assertEquals(List.of("KEPT-ONE", "KEPT-TWO"), sink.records().stream().map(LogRecord::body).toList());
        try (var files = java.nio.file.Files.walk(dataDir)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String bytes = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("4111111111111111"), "dropped record written to " + file);
                assertFalse(bytes.contains("kept-one"), "unrewritten record written to " + file);
            }
        }
    }

    // ---- a request over several lanes --------------------------------------------------------------

    @Test
    void aMixedRequestRefusedForP1QuotaTakesNothingSoTheRetryStoresEveryRecordOnce() {
        InMemoryRecordSink sink = new InMemoryRecordSink();
        LaneRouter router = router(sink, settings(Set.of("payments"), Level.INFO));
        sink.failing(true);
        // Fill P1's write-ahead log to its quota while the store is down.
        List<String> acceptedFiller = new ArrayList<>();
        for (int i = 0; ; i++) {
            List<LogRecord> filler = logs("filler" + i, 1);
            PublishResult result = router.publishLogs(filler).result();
            if (result == PublishResult.THROTTLED) {
                break;
            }
            assertEquals(PublishResult.ACCEPTED, result);
            filler.forEach(r -> acceptedFiller.add(r.body()));
            assertTrue(i < 10_000, "P1 never reached its quota");
        }

        List<LogRecord> mixed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mixed.add(log("payments", Level.INFO, Map.of(), "p0-" + i));
            mixed.add(log("svc", Level.WARN, Map.of(), "p1-" + i));
        }
        assertEquals(PublishResult.THROTTLED, router.publishLogs(mixed).result(), "P1 is at its quota");

        // The sender retries the whole request with backoff, as the OTel SDKs do after 429/RESOURCE_EXHAUSTED;
        // meanwhile the store heals and the WAL frees space.
        sink.failing(false);
        long deadline = System.nanoTime() + WAIT.toNanos();
        PublishResult retry;
        while ((retry = router.publishLogs(mixed).result()) != PublishResult.ACCEPTED) {
            assertEquals(PublishResult.THROTTLED, retry);
            assertTrue(System.nanoTime() - deadline < 0, "the retry was never accepted");
            sleepBackoff();
        }
        int expected = acceptedFiller.size() + mixed.size();
        sink.awaitRecords(expected, WAIT);
        until(() -> router.snapshots().stream().allMatch(s -> s.wal().map(w -> w.backlog() == 0).orElse(true)),
                WAIT, () -> "backlog left: " + router.snapshots());

        Map<String, Long> copies = sink.records().stream()
                .collect(Collectors.groupingBy(LogRecord::body, Collectors.counting()));
        Map<String, Long> twice = copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), twice, "records stored more than once");
        for (LogRecord record : mixed) {
            assertEquals(1L, copies.get(record.body()), record.body() + " stored exactly once");
        }
        assertEquals(expected, sink.records().size());
    }

    // ---- P2 gives way to P0 and P1 -----------------------------------------------------------------

    @Test
    void p2HoldsItsWritesBackWhileP1HasWorkButStillMovesWithinItsBound() throws Exception {
        LaneGatedSink sink = new LaneGatedSink(Lane.P1);
        LaneRouter router = router(sink, settings(Set.of(), Level.INFO));
        assertEquals(PublishResult.ACCEPTED, router.publishLogs(logs("p1", 3)).result());
        until(() -> sink.p1Blocked, WAIT, () -> "P1's write should be held at the gate");

        long published = System.nanoTime();
        assertEquals(PublishResult.ACCEPTED, router.publishMetrics(List.of(sample("while-p1-busy"))).result());
        until(() -> !sink.p2WrittenAt.isEmpty(), WAIT, () -> "P2 must move even while P1 never gets idle");
        long heldBackMillis = TimeUnit.NANOSECONDS.toMillis(sink.p2WrittenAt.getFirst() - published);
        assertTrue(sink.p1Blocked, "P1 was still busy when P2 wrote");
        // LaneConsumer yields at most 100 ms per batch; a slow machine only makes this later.
        assertTrue(heldBackMillis >= 90, "P2 wrote after " + heldBackMillis + " ms although P1 had work");

        sink.release();
        until(() -> sink.p1Stored.size() == 3, WAIT, () -> "P1 stored " + sink.p1Stored);
        until(() -> router.snapshots().stream().allMatch(s -> s.wal().map(w -> w.backlog() == 0).orElse(true)),
                WAIT, () -> "P1 busy: " + router.snapshots());
        long idlePublished = System.nanoTime();
        assertEquals(PublishResult.ACCEPTED, router.publishMetrics(List.of(sample("p1-idle"))).result());
        until(() -> sink.p2WrittenAt.size() == 2, WAIT, () -> "P2 stored once P1 is idle");
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(sink.p2WrittenAt.get(1) - idlePublished);
        assertTrue(idleMillis < 5_000, "P2 with idle higher lanes took " + idleMillis + " ms");
    }

    /** Holds one lane's writes at a gate until released; records when P2's writes happen. */
    private static final class LaneGatedSink implements RecordSink {
        private final Lane gated;
        private final CountDownLatch gate = new CountDownLatch(1);
        private volatile boolean p1Blocked;
        private final List<Long> p2WrittenAt = new CopyOnWriteArrayList<>();
        private final List<LogRecord> p1Stored = new CopyOnWriteArrayList<>();

        LaneGatedSink(Lane gated) {
            this.gated = gated;
        }

        void release() {
            p1Blocked = false;
            gate.countDown();
        }

        @Override
        public Writer openWriter(Lane lane) {
            return new Writer() {
                @Override
                public void write(RecordBatch batch) {
                    if (lane == gated && batch.size() > 0 && gate.getCount() > 0) {
                        p1Blocked = true;
                        try {
                            gate.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (lane == Lane.P2 && batch.size() > 0) {
                        p2WrittenAt.add(System.nanoTime());
                    }
                    if (lane == Lane.P1) {
                        p1Stored.addAll(batch.logs());
                    }
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long appliedWalLsn(Lane lane) {
            return RecordBatch.NO_WAL;
        }
    }

    private static void sleepBackoff() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long count(InMemoryRecordSink sink, Function<RecordBatch, Integer> size) {
        return sink.batches().stream().mapToLong(size::apply).sum();
    }

    private static BusinessMessage message(long fluxId) {
        return new BusinessMessage("orders-v1", fluxId, Instant.parse("2026-01-01T00:00:00Z"), Map.of(),
                "{\"id\":" + fluxId + "}", null, null, null, "shop", null);
    }

    private static MetricSample sample(String name) {
        return new MetricSample(Instant.parse("2026-01-01T00:00:00Z"), name, Map.of(), 1.0,
                MetricSample.MetricType.GAUGE, null, null, null, null, null, null, List.of());
    }
}
