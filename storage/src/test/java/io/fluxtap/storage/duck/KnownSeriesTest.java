package io.fluxtap.storage.duck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.testing.Await;
import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

class KnownSeriesTest {

    /**
     * A prune must see every sample a writer committed, and a writer must not trust ids known from before a prune:
     * the prune waits for an append in flight, and forgets every id before it runs.
     */
    @Test
    void aPruneWaitsForTheAppendInFlightAndForgetsEveryIdFirst() throws Exception {
        KnownSeries known = new KnownSeries();
        known.addAll(new long[] {7, 8});
        Lock append = known.appending();
        append.lock();
        AtomicLong sizeSeenByThePrune = new AtomicLong(-1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread prune = Thread.ofPlatform().start(() -> {
            try {
                known.pruning(() -> {
                    sizeSeenByThePrune.set(known.size());
                    return 0;
                });
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        try {
            Await.until(() -> prune.getState() == Thread.State.WAITING, Duration.ofSeconds(10),
                    () -> "the prune thread never waited: " + prune.getState());
            assertEquals(-1, sizeSeenByThePrune.get(), "the prune ran while an append was in flight");
            assertTrue(known.contains(7), "nothing forgotten before the append ends");
        } finally {
            append.unlock();
        }
        prune.join(Duration.ofSeconds(10));
        assertFalse(prune.isAlive());
        assertEquals(null, failed.get());
        assertEquals(0, sizeSeenByThePrune.get(), "every id forgotten before the prune ran");
        assertFalse(known.contains(7));
    }

    @Test
    void holdsWhatWasAddedAndNothingElseAcrossGrowth() {
        KnownSeries known = new KnownSeries();
        long[] ids = new Random(3).longs(50_000).toArray();
        ids[7] = 0;
        ids[8] = Long.MIN_VALUE;
        known.addAll(ids);
        for (long id : ids) {
            assertTrue(known.contains(id), "id " + id);
        }
        SplittableRandom other = new SplittableRandom(4);
        int strays = 0;
        for (int i = 0; i < 50_000; i++) {
            if (known.contains(other.nextLong())) {
                strays++;
            }
        }
        assertEquals(0, strays);
        assertEquals(50_000, known.size());
        known.addAll(ids);
        assertEquals(50_000, known.size(), "no duplicates");
    }

    @Test
    void forgetsEverythingOnForgetAndStartsOverWhenFull() {
        KnownSeries known = new KnownSeries();
        known.addAll(new long[]{0, 1, 2});
        known.forget();
        assertFalse(known.contains(0));
        assertFalse(known.contains(1));
        assertEquals(0, known.size());

        long[] many = new long[KnownSeries.MAX_IDS + 5];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;
        }
        known.addAll(many);
        assertTrue(known.size() <= KnownSeries.MAX_IDS, "bounded: " + known.size());
        assertTrue(known.contains(many[many.length - 1]), "the newest are kept");
    }
}
