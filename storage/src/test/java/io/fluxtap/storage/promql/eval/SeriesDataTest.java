package io.fluxtap.storage.promql.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeriesDataTest {

    @Test
    void searchFromAnyHintAgreesWithBinarySearch() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            int n = random.nextInt(12);
            long[] ts = new long[n];
            long t = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                t += 1 + random.nextInt(3);
                ts[i] = t;
            }
            long query = random.nextInt((int) t + 8) - 2;
            int hint = random.nextInt(n + 3) - 2;
            assertEquals(SeriesData.lastAtOrBefore(ts, query), SeriesData.lastAtOrBefore(ts, query, hint),
                    "ts=" + java.util.Arrays.toString(ts) + " t=" + query + " hint=" + hint);
        }
    }
}
