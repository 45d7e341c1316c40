package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static io.fluxtap.testing.Await.until;
import static io.fluxtap.ingestion.testing.TestLogs.bodies;
import static io.fluxtap.ingestion.testing.TestLogs.log;
import static io.fluxtap.ingestion.testing.TestLogs.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneRingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private final AtomicLong storedCallbacks = new AtomicLong();
    private LaneRing ring;

    @AfterEach
    void stop() {
        sink.unblock();
        sink.failing(false);
        if (ring != null) {
            ring.drain(Duration.ofSeconds(5));
        }
    }

    private LaneRing start(int ringSize, int maxBatch, Duration publishTimeout) {
        ring = new LaneRing(Lane.P1, new RingSettings(ringSize, maxBatch, publishTimeout,
                Duration.ofMillis(1), Duration.ofMillis(20)), sink, batch -> storedCallbacks.addAndGet(batch.size()));
        ring.start();
        return ring;
    }

    @Test
    void storesEveryRecordOnceInPublishOrder() {
        start(64, 16, Duration.ofSeconds(5));
        List<LogRecord> sent = new ArrayList<>();
        for (int request = 0; request < 200; request++) {
            List<LogRecord> records = logs("r" + request, 1 + request % 7);
            assertEquals(PublishResult.ACCEPTED, ring.publish(records));
            sent.addAll(records);
        }
        sink.awaitRecords(sent.size(), WAIT);
        assertEquals(bodies(sent), bodies(sink.records()));
        until(() -> storedCallbacks.get() == sent.size(), WAIT, () -> "stored callbacks " + storedCallbacks);
        LaneSnapshot snapshot = ring.snapshot();
        assertEquals(sent.size(), snapshot.accepted());
        assertEquals(sent.size(), snapshot.stored());
        assertEquals(64, snapshot.remaining());
        assertEquals(Lane.P1, sink.batches().getFirst().lane());
    }

    @Test
    void concurrentProducersKeepEachRequestWholeAndInOrder() throws Exception {
        start(256, 32, Duration.ofSeconds(10));
        int producers = 4;
        int requestsPerProducer = 300;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String producer = "p" + p;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < requestsPerProducer; r++) {
                        assertEquals(PublishResult.ACCEPTED, ring.publish(logs(producer + ":" + r, 5)));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int total = producers * requestsPerProducer * 5;
        sink.awaitRecords(total, WAIT);
        List<String> stored = bodies(sink.records());
        assertEquals(total, stored.size());
        assertEquals(total, stored.stream().distinct().count(), "no duplicates");
        Map<String, Integer> nextRequest = new HashMap<>();
        for (int i = 0; i < stored.size(); i += 5) {
            String request = stored.get(i).substring(0, stored.get(i).lastIndexOf('-'));
            for (int k = 0; k < 5; k++) {
                assertEquals(request + "-" + k, stored.get(i + k), "a request's records are contiguous");
            }
            String producer = request.substring(0, request.indexOf(':'));
            int number = Integer.parseInt(request.substring(request.indexOf(':') + 1));
            assertEquals(nextRequest.getOrDefault(producer, 0), number, "per-producer order");
            nextRequest.put(producer, number + 1);
        }
    }

    @Test
    void batchesNeverExceedMaxBatch() {
        start(128, 8, Duration.ofSeconds(5));
        sink.block();
        assertEquals(PublishResult.ACCEPTED, ring.publish(logs("first", 1)));
        until(() -> sink.blockedWriters() == 1, WAIT, () -> "the consumer should be stuck in write");
        // Everything published now piles up behind the stuck write and is then consumed in full batches.
        for (int i = 0; i < 10; i++) {
            assertEquals(PublishResult.ACCEPTED, ring.publish(logs("later" + i, 10)));
        }
        sink.unblock();
        sink.awaitRecords(101, WAIT);
        List<Integer> sizes = sink.batches().stream().map(RecordBatch::size).toList();
        assertTrue(sizes.stream().allMatch(size -> size <= 8), "batch sizes " + sizes);
        assertEquals(100 / 8, sizes.stream().filter(size -> size == 8).count(), "full batches in " + sizes);
    }

    @Test
    void failingStoreIsRetriedUntilItHealsWithoutLossOrDuplicates() {
        start(64, 16, Duration.ofSeconds(5));
        sink.failing(true);
        List<LogRecord> sent = logs("kept", 40);
        assertEquals(PublishResult.ACCEPTED, ring.publish(sent));
        until(() -> sink.writeAttempts() >= 5, WAIT, () -> "write attempts " + sink.writeAttempts());
        LaneSnapshot failing = ring.snapshot();
        assertTrue(failing.storeFailing());
        assertTrue(failing.storeFailures() >= 4, "failures " + failing.storeFailures());
        assertEquals(0, failing.stored());
        assertEquals(64 - 40, failing.remaining(), "slots stay taken until the store has the records");
        assertTrue(sink.records().isEmpty());

        sink.failing(false);
        sink.awaitRecords(40, WAIT);
        assertEquals(bodies(sent), bodies(sink.records()));
        until(() -> !ring.snapshot().storeFailing(), WAIT, () -> "still failing");
        assertEquals(64, ring.snapshot().remaining());
    }

    @Test
    void aBatchWithANullRecordIsRefusedWithoutWedgingTheRing() {
        start(16, 4, Duration.ofMillis(200));
        List<LogRecord> bad = java.util.Arrays.asList(log("bad-0"), null, log("bad-2"));
        assertThrows(NullPointerException.class, () -> ring.offer(bad, RecordBatch.NO_WAL));
        assertEquals(16, ring.remainingCapacity(), "no slot was claimed for the refused batch");

        assertTrue(ring.offer(logs("good", 3), RecordBatch.NO_WAL));
        assertEquals(PublishResult.ACCEPTED, ring.publish(logs("more", 2)));
        sink.awaitRecords(5, WAIT);
        assertEquals(List.of("good-0", "good-1", "good-2", "more-0", "more-1"), bodies(sink.records()));
    }

    @Test
    void aWriterWhoseConnectionIsPoisonedIsReplacedWithBackoff() {
        PoisonedSink poisoned = new PoisonedSink(3);
        ring = new LaneRing(Lane.P1, new RingSettings(64, 16, Duration.ofSeconds(5), Duration.ofMillis(1),
                Duration.ofMillis(8)), poisoned, batch -> { });
        ring.start();
        List<LogRecord> sent = logs("kept", 20);
        assertEquals(PublishResult.ACCEPTED, ring.publish(sent));
        until(() -> poisoned.stored().size() == 20, WAIT,
                () -> "stored " + poisoned.stored().size() + " with " + poisoned.opened() + " writers opened");
        assertEquals(bodies(sent), bodies(poisoned.stored()), "every record once, in order");
        assertEquals(4, poisoned.opened(), "three poisoned writers were replaced, the fourth works");
        assertEquals(3, poisoned.closed(), "each poisoned writer was closed");
        until(() -> !ring.snapshot().storeFailing(), WAIT, () -> "still failing");
    }

    /**
     * A store whose first {@code poisonedWriters} writers fail their first write and every write after it,
     * as a DuckDB connection does once its transaction state is broken; later writers work.
     */
    private static final class PoisonedSink implements io.fluxtap.api.RecordSink {
        private final int poisonedWriters;
        private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        private final List<LogRecord> stored = new java.util.concurrent.CopyOnWriteArrayList<>();

        PoisonedSink(int poisonedWriters) {
            this.poisonedWriters = poisonedWriters;
        }

        @Override
        public Writer openWriter(Lane lane) {
            boolean poisoned = opened.incrementAndGet() <= poisonedWriters;
            return new Writer() {
                @Override
                public void write(RecordBatch batch) {
                    if (poisoned) {
                        throw new io.fluxtap.api.StoreException("connection is poisoned (test)", null);
                    }
                    stored.addAll(batch.logs());
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        @Override
        public long appliedWalLsn(Lane lane) {
            return RecordBatch.NO_WAL;
        }

        int opened() {
            return opened.get();
        }

        int closed() {
            return closed.get();
        }

        List<LogRecord> stored() {
            return List.copyOf(stored);
        }
    }

    @Test
    void publishTimesOutWhenTheConsumerIsStuckAndTakesNothingOfTheRequest() {
        start(8, 8, Duration.ofMillis(150));
        sink.block();
        assertEquals(PublishResult.ACCEPTED, ring.publish(logs("a", 1)));
        until(() -> sink.blockedWriters() == 1, WAIT, () -> "the consumer should be stuck in write");
        assertEquals(PublishResult.ACCEPTED, ring.publish(logs("b", 4)));
        assertEquals(3, ring.remainingCapacity());

        long started = System.nanoTime();
        assertEquals(PublishResult.OVERLOADED, ring.publish(logs("too-big", 5)), "5 records do not fit in 3 slots");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 150, "waited for the timeout");
        assertEquals(3, ring.remainingCapacity(), "no slot of the refused request was taken");

        sink.unblock();
        sink.awaitRecords(5, WAIT);
        assertEquals(List.of("a-0", "b-0", "b-1", "b-2", "b-3"), bodies(sink.records()));
        assertEquals(PublishResult.ACCEPTED, ring.publish(logs("after", 5)), "room again once the store caught up");
        sink.awaitRecords(10, WAIT);
    }

    @Test
    void requestLargerThanTheRingIsPublishedInParts() {
        start(8, 4, Duration.ofSeconds(5));
        List<LogRecord> sent = logs("big", 50);
        assertEquals(PublishResult.ACCEPTED, ring.publish(sent));
        sink.awaitRecords(50, WAIT);
        assertEquals(bodies(sent), bodies(sink.records()));
    }

    @Test
    void drainStoresWhatTheRingHoldsRefusesNewRecordsAndClosesTheWriter() throws Exception {
        start(128, 16, Duration.ofSeconds(5));
        sink.block();
        List<LogRecord> sent = logs("pending", 100);
        assertEquals(PublishResult.ACCEPTED, ring.publish(sent));
        until(() -> sink.blockedWriters() == 1, WAIT, () -> "the consumer should be stuck in write");

        ExecutorService drainer = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> drained = drainer.submit(() -> ring.drain(WAIT));
            until(() -> ring.snapshot().closed(), WAIT, () -> "drain should close the lane first");
            assertEquals(PublishResult.CLOSED, ring.publish(List.of(log("late"))));
            assertFalse(drained.isDone(), "drain waits for the ring to empty");
            sink.unblock();
            assertTrue(drained.get());
        } finally {
            drainer.shutdownNow();
        }
        assertEquals(bodies(sent), bodies(sink.records()));
        assertEquals(1, sink.closedWriters());
        assertEquals(PublishResult.CLOSED, ring.publish(List.of(log("later"))));
    }

    @Test
    void drainGivesUpAfterItsTimeoutWhenTheStoreNeverHeals() {
        start(64, 16, Duration.ofSeconds(5));
        sink.failing(true);
        assertEquals(PublishResult.ACCEPTED, ring.publish(logs("doomed", 10)));
        until(() -> sink.writeAttempts() >= 2, WAIT, () -> "write attempts " + sink.writeAttempts());

        long started = System.nanoTime();
        assertFalse(ring.drain(Duration.ofMillis(200)));
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(tookMillis >= 200 && tookMillis < 5_000, "drain took " + tookMillis + " ms");
        assertEquals(sink.openedWriters(), sink.closedWriters(),
                "every writer is closed (failed ones at once, the last at the drain) even when records were left behind");
        assertTrue(sink.records().isEmpty());
    }

    @Test
    void drainBeforeStartClosesTheLane() {
        ring = new LaneRing(Lane.P1, RingSettings.of(8, 4, Duration.ofMillis(10)), sink, batch -> { });
        assertTrue(ring.drain(Duration.ofMillis(10)));
        assertEquals(PublishResult.CLOSED, ring.publish(logs("x", 1)));
    }

    @Test
    void ringSizeMustBeAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RingSettings.of(1000, 10, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("fluxtap.ingest.ring-size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RingSettings.of(0, 10, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> RingSettings.of(16, 0, Duration.ofSeconds(1)));
    }

    @Test
    void slotsLetGoOfTheirRecord() {
        RecordEvent event = new RecordEvent();
        LogRecord record = log("x");
        event.set(record, 7);
        assertEquals(7, event.lsn());
        assertEquals(record, event.take());
        assertEquals(null, event.take(), "a consumed slot keeps no reference to its record");
    }
}
