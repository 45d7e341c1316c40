package io.fluxtap.ingestion.lane;

import static io.fluxtap.ingestion.testing.InMemoryRecordSink.await;
import static io.fluxtap.ingestion.testing.TestLogs.bodies;
import static io.fluxtap.ingestion.testing.TestLogs.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordSink;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
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
        long applied = sink.appliedWalLsn(Lane.P1);
        WriteAheadLog wal = WriteAheadLog.open(new WalOptions(walDir, 4096, 64L << 20, Duration.ofMillis(1)),
                applied + 1, nanos -> { });
        DurableLane lane = new DurableLane(Lane.P1, new RingSettings(ringSize, 8, Duration.ZERO, Duration.ofMillis(1),
                Duration.ofMillis(20)), sink, batch -> { }, wal, applied,
                new DurableSettings(Duration.ofMillis(200), Duration.ofSeconds(10), 100_000));
        lane.start();
        return lane;
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
        await(() -> restarted.backlog() == 0, WAIT, () -> "backlog " + restarted.backlog());

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
        await(() -> !lane.backlogged() && lane.backlog() == 0, WAIT, () -> "caught up: " + lane.snapshot());

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
