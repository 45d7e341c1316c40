package io.fluxtap.storage.duck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KnownSeriesTest {

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
