package io.fluxtap.ingestion.lane;

import static io.fluxtap.testing.Await.until;
import static io.fluxtap.ingestion.testing.TestLogs.bodies;
import static io.fluxtap.ingestion.testing.TestLogs.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordSink;
import io.fluxtap.ingestion.testing.FaultyFiles;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.wal.SegmentChannel;
import io.fluxtap.ingestion.wal.WalOptions;
import io.fluxtap.ingestion.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable lane with a real write-ahead log and an in-memory store. */
class DurableLaneTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path walDir;

    private DurableLane open(RecordSink sink, int ringSize) {
        return open(sink, ringSize, Lane.P1, walDir, SegmentChannel.FILES);
    }

    private DurableLane open(RecordSink sink, int ringSize, Lane lane, Path dir, SegmentChannel.Opener files) {
        long applied = sink.appliedWalLsn(lane);
        WriteAheadLog wal = WriteAheadLog.open(new WalOptions(dir, 4096, 64L << 20, Duration.ofMillis(1)),
                applied + 1, nanos -> { }, files);
        DurableLane durable = new DurableLane(lane, new RingSettings(ringSize, 8, Duration.ZERO, Duration.ofMillis(1),
                Duration.ofMillis(20)), sink, batch -> { }, wal, applied,
                new DurableSettings(Duration.ofMillis(200), Duration.ofSeconds(10), 100_000));
        durable.start();
        return durable;
    }

    @Test
    void aRequestWhoseFsyncFailsIsRefusedAndNeverStoredEvenThoughTheRingHadIt() {
        FaultyFiles files = new FaultyFiles();
        InMemoryRecordSink sink = new InMemoryRecordSink();
        DurableLane lane = open(sink, 16, Lane.P1, walDir, files);
        List<String> acknowledged = new ArrayList<>();
        assertEquals(PublishResult.ACCEPTED, lane.publish(logs("a", 3)));
        acknowledged.addAll(List.of("a-0", "a-1", "a-2"));

        files.failForces(true);
        assertEquals(PublishResult.UNAVAILABLE, lane.publish(logs("b", 3)), "503: the records did not reach the disk");
        assertTrue(lane.snapshot().wal().orElseThrow().failure() != null, "health shows the failing WAL");
        files.heal();
        assertEquals(PublishResult.ACCEPTED, lane.publish(logs("c", 2)), "the next request after the fault works");
        acknowledged.addAll(List.of("c-0", "c-1"));
        sink.awaitRecords(acknowledged.size(), WAIT);
        until(() -> lane.backlog() == 0, WAIT, () -> "backlog " + lane.backlog());
        assertEquals(acknowledged, bodies(sink.records()), "the refused request was not stored");
        assertTrue(lane.drain(WAIT));

        InMemoryRecordSink after = new InMemoryRecordSink();
        after.seed(sink.batches());
        DurableLane restarted = open(after, 16);
        assertEquals(PublishResult.ACCEPTED, restarted.publish(logs("d", 1)));
        acknowledged.add("d-0");
        after.awaitRecords(acknowledged.size(), WAIT);
        assertEquals(acknowledged, bodies(after.records()), "a restart replays nothing of the refused request");
        assertTrue(restarted.drain(WAIT));
    }

    @Test
    void aRequestOverTwoLanesWhosePartFailsToSyncIsStoredInNeither() {
        FaultyFiles p1Files = new FaultyFiles();
        InMemoryRecordSink sink = new InMemoryRecordSink();
        DurableLane p0 = open(sink, 16, Lane.P0, walDir.resolve("P0"), SegmentChannel.FILES);
        DurableLane p1 = open(sink, 16, Lane.P1, walDir.resolve("P1"), p1Files);

        p1Files.failForces(true);
        assertEquals(PublishResult.UNAVAILABLE, DurableLane.publishAll(List.of(
                new DurableLane.Part(p1, logs("mixed-p1", 3)), new DurableLane.Part(p0, logs("mixed-p0", 3)))));
        p1Files.heal();
        assertEquals(PublishResult.ACCEPTED, p0.publish(logs("later-p0", 2)));
        assertEquals(PublishResult.ACCEPTED, p1.publish(logs("later-p1", 1)));
        sink.awaitRecords(3, WAIT);
        until(() -> p0.backlog() == 0 && p1.backlog() == 0, WAIT, () -> "backlog " + p0.backlog() + "/" + p1.backlog());
        assertEquals(List.of("later-p0-0", "later-p0-1", "later-p1-0"),
                bodies(sink.records()).stream().sorted().toList(),
                "the P0 part was durable, but its request was refused: it is not stored");
        assertTrue(p0.drain(WAIT));
        assertTrue(p1.drain(WAIT));

        InMemoryRecordSink after = new InMemoryRecordSink();
        after.seed(sink.batches());
        DurableLane p0Again = open(after, 16, Lane.P0, walDir.resolve("P0"), SegmentChannel.FILES);
        assertEquals(PublishResult.ACCEPTED, p0Again.publish(logs("restarted", 1)));
        after.awaitRecords(4, WAIT);
        assertEquals(List.of("later-p0-0", "later-p0-1", "later-p1-0", "restarted-0"),
                bodies(after.records()).stream().sorted().toList(), "nothing of the refused request is replayed");
        assertTrue(p0Again.drain(WAIT));
    }

    @Test
    void aRequestOverTwoLanesWhosePartCannotBeWrittenTakesTheOtherLanesPartBack() {
        FaultyFiles p1Files = new FaultyFiles();
        InMemoryRecordSink sink = new InMemoryRecordSink();
        DurableLane p0 = open(sink, 16, Lane.P0, walDir.resolve("P0"), SegmentChannel.FILES);
        DurableLane p1 = open(sink, 16, Lane.P1, walDir.resolve("P1"), p1Files);

        // P0 is appended first (lane order), then P1's disk refuses: P0's frames must go again.
        p1Files.failWritesAfter(10);
        assertEquals(PublishResult.UNAVAILABLE, DurableLane.publishAll(List.of(
                new DurableLane.Part(p0, logs("mixed-p0", 3)), new DurableLane.Part(p1, logs("mixed-p1", 3)))));
        p1Files.heal();
        // Straight to a restart: nothing later moved storage's applied position past the refused frames.
        assertTrue(p0.drain(WAIT));
        assertTrue(p1.drain(WAIT));
        assertEquals(List.of(), bodies(sink.records()));

        InMemoryRecordSink after = new InMemoryRecordSink();
        after.seed(sink.batches());
        DurableLane p0Again = open(after, 16, Lane.P0, walDir.resolve("P0"), SegmentChannel.FILES);
        DurableLane p1Again = open(after, 16, Lane.P1, walDir.resolve("P1"), SegmentChannel.FILES);
        assertEquals(PublishResult.ACCEPTED, p0Again.publish(logs("restarted", 1)));
        after.awaitRecords(1, WAIT);
        until(() -> p0Again.backlog() == 0, WAIT, () -> "backlog " + p0Again.backlog());
        assertEquals(List.of("restarted-0"), bodies(after.records()),
                "nothing of the refused request is replayed from either lane");
        assertTrue(p0Again.drain(WAIT));
        assertTrue(p1Again.drain(WAIT));
    }

    @Test
    void underRandomWriteAndFsyncFaultsEveryAcceptedRecordIsStoredOnceAndNoRefusedOne() throws Exception {
        FaultyFiles p0Files = new FaultyFiles();
        FaultyFiles p1Files = new FaultyFiles();
        InMemoryRecordSink sink = new InMemoryRecordSink();
        DurableLane p0 = open(sink, 16, Lane.P0, walDir.resolve("P0"), p0Files);
        DurableLane p1 = open(sink, 16, Lane.P1, walDir.resolve("P1"), p1Files);
        // The chaos thread's timing varies, so a seed does not replay a run exactly, but it repeats its choices.
        long seed = Long.getLong("fluxtap.test.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread chaos = Thread.ofPlatform().start(() -> {
            java.util.Random faults = new java.util.Random(seed + 1);
            while (!done.get()) {
                FaultyFiles files = faults.nextBoolean() ? p0Files : p1Files;
                switch (faults.nextInt(4)) {
                    case 0 -> files.failForces(true);
                    case 1 -> files.failWritesAfter(faults.nextInt(64));
                    default -> files.heal();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MICROSECONDS
                        .toNanos(200 + faults.nextInt(2000)));
            }
        });
        List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int producer = t;
            long producerSeed = random.nextLong();
            producers.add(Thread.ofPlatform().start(() -> {
                java.util.Random choice = new java.util.Random(producerSeed);
                for (int r = 0; r < 150; r++) {
                    List<LogRecord> a = logs("t" + producer + "r" + r + "a", 1 + choice.nextInt(3));
                    List<LogRecord> b = logs("t" + producer + "r" + r + "b", 1 + choice.nextInt(3));
                    List<LogRecord> all = new ArrayList<>(a);
                    PublishResult result = switch (choice.nextInt(3)) {
                        case 0 -> p0.publish(a);
                        case 1 -> p1.publish(a);
                        default -> {
                            all.addAll(b);
                            yield DurableLane.publishAll(List.of(new DurableLane.Part(p0, a), new DurableLane.Part(p1, b)));
                        }
                    };
                    (result == PublishResult.ACCEPTED ? accepted : refused).addAll(bodies(all));
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }
        done.set(true);
        chaos.join();
        p0Files.heal();
        p1Files.heal();
        String context = "seed " + seed + ", " + accepted.size() + " accepted, " + refused.size() + " refused";
        assertTrue(!accepted.isEmpty() && !refused.isEmpty(), "faults and successes both happened: " + context);
        sink.awaitRecords(accepted.size(), WAIT);
        until(() -> p0.backlog() == 0 && p1.backlog() == 0, WAIT, () -> "backlog " + p0.snapshot() + " / "
                + p1.snapshot() + "; " + context);
        assertEquals(accepted.stream().sorted().toList(), bodies(sink.records()).stream().sorted().toList(), context);
        assertTrue(p0.drain(WAIT));
        assertTrue(p1.drain(WAIT));

        InMemoryRecordSink after = new InMemoryRecordSink();
        after.seed(sink.batches());
        DurableLane p0Again = open(after, 16, Lane.P0, walDir.resolve("P0"), SegmentChannel.FILES);
        DurableLane p1Again = open(after, 16, Lane.P1, walDir.resolve("P1"), SegmentChannel.FILES);
        until(() -> p0Again.backlog() == 0 && p1Again.backlog() == 0, WAIT,
                () -> "replay backlog " + p0Again.snapshot() + " / " + p1Again.snapshot() + "; " + context);
        assertEquals(accepted.stream().sorted().toList(), bodies(after.records()).stream().sorted().toList(),
                "a restart replays nothing more: " + context);
        assertTrue(p0Again.drain(WAIT));
        assertTrue(p1Again.drain(WAIT));
    }

    @Test
    void acknowledgedRecordsSurviveACrashAndAreStoredExactlyOnceAfterRestart() {
        InMemoryRecordSink before = new InMemoryRecordSink();
        DurableLane first = open(before, 16);
        List<LogRecord> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<LogRecord> request = logs("stored-" + i, 3);
            assertEquals(PublishResult.ACCEPTED, first.publish(request));
            sent.addAll(request);
        }
        before.awaitRecords(15, WAIT);
        before.block();
        for (int i = 0; i < 20; i++) {
            List<LogRecord> request = logs("acked-" + i, 3);
            assertEquals(PublishResult.ACCEPTED, first.publish(request), "acknowledged: durable in the WAL");
            sent.addAll(request);
        }
        // The process dies here: no drain. What the store committed is what a restarted process finds.
        List<io.fluxtap.api.RecordBatch> committed = before.batches();

        InMemoryRecordSink after = new InMemoryRecordSink();
        after.seed(committed);
        DurableLane restarted = open(after, 16);
        after.awaitRecords(sent.size(), WAIT);
        until(() -> restarted.backlog() == 0, WAIT, () -> "backlog " + restarted.backlog());

        assertEquals(bodies(sent), bodies(after.records()), "every acknowledged record once, in order");
        assertTrue(restarted.drain(WAIT));
    }

    @Test
    void aFailingStoreIsRiddenOutInTheWalAndEverythingIsStoredOnceItHeals() {
        InMemoryRecordSink sink = new InMemoryRecordSink();
        DurableLane lane = open(sink, 16);
        sink.failing(true);
        List<LogRecord> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<LogRecord> request = logs("r" + i, 10);
            assertEquals(PublishResult.ACCEPTED, lane.publish(request), "request " + i + " must be taken into the WAL");
            sent.addAll(request);
        }
        assertTrue(lane.backlogged(), "500 records cannot fit a ring of 16: the WAL holds them");
        assertEquals(500, lane.backlog());
        assertTrue(lane.snapshot().wal().orElseThrow().segments() > 1, "the backlog spans WAL segments");

        sink.failing(false);
        sink.awaitRecords(500, WAIT);
        until(() -> !lane.backlogged() && lane.backlog() == 0, WAIT, () -> "caught up: " + lane.snapshot());

        assertEquals(bodies(sent), bodies(sink.records()));
        assertEquals(1, lane.snapshot().wal().orElseThrow().segments(), "applied segments were released");
        assertEquals(PublishResult.ACCEPTED, lane.publish(logs("live-again", 2)));
        sink.awaitRecords(502, WAIT);
        assertTrue(lane.drain(WAIT));
    }

    @Test
    void whatADrainCannotStoreStaysInTheWalForTheNextStart() {
        InMemoryRecordSink sink = new InMemoryRecordSink();
        DurableLane lane = open(sink, 16);
        sink.failing(true);
        assertEquals(PublishResult.ACCEPTED, lane.publish(logs("kept", 4)));
        assertTrue(!lane.drain(Duration.ofMillis(300)), "the store is down: the drain cannot complete");
        assertEquals(PublishResult.CLOSED, lane.publish(logs("late", 1)));

        InMemoryRecordSink next = new InMemoryRecordSink();
        DurableLane restarted = open(next, 16);
        next.awaitRecords(4, WAIT);
        assertEquals(List.of("kept-0", "kept-1", "kept-2", "kept-3"), bodies(next.records()));
        assertTrue(restarted.drain(WAIT));
    }
}
