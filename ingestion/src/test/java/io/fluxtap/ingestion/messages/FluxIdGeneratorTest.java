package io.fluxtap.ingestion.messages;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FluxIdGeneratorTest {

    private static final long EPOCH_MILLIS = FluxIdGenerator.EPOCH.toEpochMilli();

    /** A clock the test sets; waiting moves it forward by exactly the time waited. */
    private final AtomicLong now = new AtomicLong(EPOCH_MILLIS + 123_456_789L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final List<Long> waits = new ArrayList<>();
    private final FluxIdGenerator.Sleeper sleeper = millis -> {
        waits.add(millis);
        now.addAndGet(millis);
    };

    @Test
    void idsAreTimeSequenceAndMachineInSonyflakesLayout() {
        FluxIdGenerator ids = new FluxIdGenerator(0xABCD, clock, sleeper);
        long unit = 123_456_789L / 10;

        long first = ids.next();
        long second = ids.next();

        assertEquals(unit << 24 | 0xABCD, first, "39 bits time, 8 bits sequence 0, 16 bits machine");
        assertEquals(unit << 24 | 1L << 16 | 0xABCD, second, "same 10 ms unit: next sequence number");
        assertEquals(Instant.ofEpochMilli(EPOCH_MILLIS + unit * 10), FluxIdGenerator.time(second));
        assertEquals(1, FluxIdGenerator.sequence(second));
        assertEquals(0xABCD, FluxIdGenerator.machine(second));
        assertTrue(first > 0, "the top bit stays clear");

        now.addAndGet(10);
        long next = ids.next();
        assertEquals((unit + 1) << 24 | 0xABCD, next, "a new unit starts its sequence at 0");
    }

    @Test
    void theTimeBitsLastUntil2199() {
        FluxIdGenerator ids = new FluxIdGenerator(1, () -> Instant.parse("2199-01-01T00:00:00Z"), sleeper);
        long id = ids.next();
        assertEquals(Instant.parse("2199-01-01T00:00:00Z"), FluxIdGenerator.time(id));
        assertTrue(id > 0);

        FluxIdGenerator tooLate = new FluxIdGenerator(1, () -> Instant.parse("2200-01-01T00:00:00Z"), sleeper);
        assertThrows(IllegalStateException.class, tooLate::next);
        FluxIdGenerator tooEarly = new FluxIdGenerator(1, () -> Instant.parse("2024-12-31T23:59:59Z"), sleeper);
        assertThrows(IllegalStateException.class, tooEarly::next);
    }

    @Test
    void a257thIdInOneUnitWaitsForTheNextUnit() {
        FluxIdGenerator ids = new FluxIdGenerator(7, clock, sleeper);
        long start = now.get();
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            made.add(ids.next());
        }

        assertEquals(255, FluxIdGenerator.sequence(made.get(255)));
        assertEquals(List.of(10L - start % 10), waits, "waited once, to the start of the next unit");
        assertEquals(FluxIdGenerator.time(made.get(0)).plusMillis(10), FluxIdGenerator.time(made.get(256)));
        assertEquals(0, FluxIdGenerator.sequence(made.get(256)));
        assertStrictlyIncreasing(made);
    }

    @Test
    void idsKeepGrowingWhenTheClockStepsBack() {
        FluxIdGenerator ids = new FluxIdGenerator(7, clock, sleeper);
        List<Long> made = new ArrayList<>();
        made.add(ids.next());
        Instant before = FluxIdGenerator.time(made.get(0));

        now.addAndGet(-5_000);
        for (int i = 0; i < 255; i++) {
            made.add(ids.next());
        }
        assertTrue(waits.isEmpty(), "the rest of the last unit is borrowed without waiting");
        assertEquals(before, FluxIdGenerator.time(made.getLast()));

        made.add(ids.next());
        assertEquals(1, waits.size(), "the next unit waits for the clock to catch up");
        assertTrue(waits.getFirst() >= 5_000 && waits.getFirst() <= 5_010, "waited " + waits);
        assertEquals(before.plusMillis(10), FluxIdGenerator.time(made.getLast()));
        assertTrue(now.get() >= before.plusMillis(10).toEpochMilli(), "no id is ahead of the clock after the wait");

        made.add(ids.next());
        assertStrictlyIncreasing(made);
    }

    @Test
    void aRestartedGeneratorContinuesAboveTheIdsOfTheLastRun() {
        FluxIdGenerator first = new FluxIdGenerator(42, clock, sleeper);
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = first.next();
        }
        // The restart takes a few milliseconds; the clock has moved on past the last id's unit.
        now.set(Math.max(now.get(), FluxIdGenerator.time(last).toEpochMilli()) + 10);
        FluxIdGenerator second = new FluxIdGenerator(42, clock, sleeper);

        assertTrue(Long.compareUnsigned(second.next(), last) > 0);
    }

    @Test
    void idsAreUniqueAndIncreasingPerThreadUnderConcurrency() throws Exception {
        FluxIdGenerator ids = new FluxIdGenerator(3, InstantSource.system(), Thread::sleep);
        int threads = 4;
        int perThread = 5_000;
        Set<Long> all = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ids.next());
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<List<Long>> result : results) {
                List<Long> mine = result.get();
                assertStrictlyIncreasing(mine);
                all.addAll(mine);
            }
        }
        assertEquals(threads * perThread, all.size(), "every id is distinct");
        assertTrue(all.stream().allMatch(id -> FluxIdGenerator.machine(id) == 3));
    }

    @Test
    void theMachineIdIsSixteenBits() {
        assertThrows(IllegalArgumentException.class, () -> new FluxIdGenerator(65_536, clock, sleeper));
        assertThrows(IllegalArgumentException.class, () -> new FluxIdGenerator(-1, clock, sleeper));
        assertEquals(65_535, FluxIdGenerator.machine(new FluxIdGenerator(65_535, clock, sleeper).next()));
    }

    @Test
    void theDefaultMachineIdIsDerivedFromTheHostName() {
        int id = FluxIdGenerator.fromHostName("payments-node-1.example.com");
        assertEquals(id, FluxIdGenerator.fromHostName("payments-node-1.example.com"), "stable across restarts");
        assertTrue(id >= 0 && id <= 65_535);
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(FluxIdGenerator.fromHostName("node-" + i));
        }
        assertTrue(ids.size() > 95, "distinct hosts rarely share an id: " + ids.size() + " of 100");
    }

    private static void assertStrictlyIncreasing(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(Long.compareUnsigned(ids.get(i), ids.get(i - 1)) > 0,
                    "id " + i + " (" + ids.get(i) + ") is not above id " + (i - 1) + " (" + ids.get(i - 1) + ")");
        }
    }
}
