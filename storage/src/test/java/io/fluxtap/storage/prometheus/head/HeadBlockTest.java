package io.fluxtap.storage.prometheus.head;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.StoredSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The head block's own rules: order, bit-exact values, its bounds and covered time, the write path, concurrency. */
class HeadBlockTest {

    private static final long B = BASE.toEpochMilli();
    private static final Clock LATER = Clock.fixed(BASE.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    private static final List<LabelMatcher> UP = List.of(new LabelMatcher("__name__", LabelMatcher.Type.EQUAL, "up"));

    @TempDir
    Path tmp;

    private static HeadBlock head(Duration window, long maxSamples) {
        HeadBlock head = new HeadBlock(window, maxSamples, Duration.ofDays(30), LATER);
        head.startServing();
        return head;
    }

    private static StoredSeries only(HeadBlock head, long min, long max) {
        List<StoredSeries> series = head.select(UP, min, max, Long.MAX_VALUE);
        assertEquals(1, series.size(), "one series: " + series);
        return series.getFirst();
    }

    @Test
    void outOfOrderSamplesGoInOrderAndOneMillisecondHoldsOneSample() {
        HeadBlock head = head(Duration.ofHours(3), 1_000_000);
        // More than a chunk, then older samples into full chunks (which split) and before the first one.
        for (int i = 0; i < 300; i++) {
            head.add(1, "up", Map.of(), B + 2_000L * i + 1_000, i);
        }
        for (int i = 299; i >= 0; i--) {
            head.add(1, "up", Map.of(), B + 2_000L * i, -i);
        }
        head.add(1, "up", Map.of(), B + 1_000, 42);
        assertEquals(600, head.sampleCount(), "a repeated millisecond replaces, it adds nothing");
        StoredSeries s = only(head, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(600, s.timestampsMs().length);
        for (int i = 0; i < 600; i++) {
            assertEquals(B + 1_000L * i, s.timestampsMs()[i], "sample " + i);
            assertEquals(i % 2 == 0 ? -(i / 2) : i == 1 ? 42 : i / 2, s.values()[i], "value " + i);
        }
        StoredSeries middle = only(head, B + 100_500, B + 102_000);
        assertArrayEquals(new long[] {B + 101_000, B + 102_000}, middle.timestampsMs());
    }

    @Test
    void staleMarkersAndOtherNaNsKeepTheirBits() {
        HeadBlock head = head(Duration.ofHours(3), 1_000);
        head.add(1, "up", Map.of(), B, Double.longBitsToDouble(0x7ff0000000000002L));
        head.add(1, "up", Map.of(), B + 1, Double.NaN);
        StoredSeries s = only(head, B, B + 1);
        assertEquals(0x7ff0000000000002L, Double.doubleToRawLongBits(s.values()[0]));
        assertEquals(Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(s.values()[1]));
    }

    @Test
    void theWindowDropsTheOldestAndMovesCoveredFromForward() {
        HeadBlock head = head(Duration.ofMinutes(64), 1_000_000);
        for (int minute = 0; minute <= 64; minute++) {
            head.committed(List.of(sample("up", Map.of("job", "a"), minute, minute * 60)), new long[] {7});
        }
        // The window is [newest - 64m, newest]: minute 0 is its first instant, kept; covered-from moved with it.
        assertEquals(B, head.coveredFromMs());
        assertEquals(65, head.sampleCount());
        assertEquals(B, only(head, Long.MIN_VALUE, Long.MAX_VALUE).timestampsMs()[0]);
        head.committed(List.of(sample("up", Map.of("job", "a"), 1, -30)), new long[] {7});
        assertEquals(65, head.sampleCount(), "a sample older than what the head covers is DuckDB's alone");
        head.committed(List.of(sample("up", Map.of("job", "a"), 1, 130 * 60)), new long[] {7});
        assertEquals(B + 66 * 60_000, head.coveredFromMs());
        assertEquals(1, head.sampleCount());
    }

    @Test
    void overTheSampleBoundTheOldestGoAcrossSeriesAndEmptySeriesAreForgotten() {
        HeadBlock head = head(Duration.ofDays(1), 100);
        List<MetricSample> batch = new ArrayList<>();
        long[] ids = new long[60];
        for (int i = 0; i < 60; i++) {
            // Series 0 holds only the oldest 10 samples; series 1 and 2 share the rest.
            int series = i < 10 ? 0 : 1 + i % 2;
            batch.add(sample("up", Map.of("s", "" + series), i, i));
            ids[i] = series;
        }
        head.committed(batch, ids);
        assertEquals(60, head.sampleCount());
        batch.clear();
        for (int i = 60; i < 101; i++) {
            batch.add(sample("up", Map.of("s", "1"), i, i));
        }
        long[] seriesOne = new long[41];
        java.util.Arrays.fill(seriesOne, 1);
        head.committed(batch, seriesOne);
        // 101 > 100: the oldest go until 90 are left, so the first 11 seconds and series 0 with them.
        assertEquals(90, head.sampleCount());
        assertTrue(head.coveredFromMs() > B + 10_000 && head.coveredFromMs() <= B + 11_000,
                "covered from after the last dropped sample: " + (head.coveredFromMs() - B));
        assertEquals(2, head.seriesCount(), "series 0 has no sample left");
        long total = 0;
        for (StoredSeries s : head.select(UP, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)) {
            assertTrue(s.timestampsMs()[0] >= B + 11_000, s.labels() + " starts at " + s.timestampsMs()[0]);
            total += s.timestampsMs().length;
        }
        assertEquals(90, total);
    }

    @Test
    void aSelectOverTheSampleBudgetFailsAsDuckDbWould() {
        HeadBlock head = head(Duration.ofHours(3), 1_000);
        for (int i = 0; i < 10; i++) {
            head.add(i, "up", Map.of("i", "" + i), B + i, i);
        }
        assertEquals(10, head.select(UP, B, B + 9, 10).size());
        PromqlException e = assertThrows(PromqlException.class, () -> head.select(UP, B, B + 9, 9));
        assertEquals(PromqlException.ErrorType.EXECUTION, e.errorType());
    }

    @Test
    void theHeadNeverClaimsTimeBeyondTheMetricsRetention() {
        Instant now = BASE.plus(Duration.ofHours(1));
        HeadBlock head = new HeadBlock(Duration.ofHours(3), 1_000, Duration.ofMinutes(30), Clock.fixed(now, ZoneId.of("UTC")));
        assertEquals(Long.MAX_VALUE, head.coveredFromMs(), "nothing is served before the start-up load");
        head.startServing();
        assertEquals(now.toEpochMilli() - 30 * 60_000, head.coveredFromMs());
    }

    @Test
    void onlyCommittedBatchesReachTheHeadAndTheStartUpLoadReadsWhatIsStored() {
        Clock clock = Clock.fixed(BASE.plusSeconds(3600), ZoneOffset.UTC);
        try (DuckDbDatabase db = new DuckDbDatabase(tmp)) {
            try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
                writer.write(new RecordBatch(Lane.P2, List.of(), List.of(),
                        List.of(sample("up", Map.of("job", "before"), 1, 10), sample("up", Map.of("job", "before"), 2, 20),
                                sample("up", Map.of("job", "old"), 9, -5 * 3600)), RecordBatch.NO_WAL));
            }
            ServerHead server = new ServerHead(db, Duration.ofHours(3), 1_000, Duration.ofDays(30), clock);
            HeadBlock head = server.head().orElseThrow();
            try (RecordSink.Writer writer = new DuckDbRecordSink(db, server).openWriter(Lane.P2)) {
                // Committed while the head takes appends but has not loaded: in the head once, not twice.
                writer.write(new RecordBatch(Lane.P2, List.of(), List.of(),
                        List.of(sample("up", Map.of("job", "during"), 3, 30)), RecordBatch.NO_WAL));
                assertEquals(Long.MAX_VALUE, head.coveredFromMs(), "not serving before its load");
                assertEquals(3, server.load(), "the window's samples from DuckDB, the 'old' one outside it");
                assertEquals(B + 30_000 - 3 * 3600_000, head.coveredFromMs(), "the newest sample minus the window");
                assertEquals(3, head.sampleCount(), "the sample both appended and loaded is held once");

                // The Appender has taken the first samples when the last one fails the batch: all is rolled back.
                MetricSample unstorable = new MetricSample(Instant.MAX, "up", Map.of("job", "rolled-back"), 1,
                        MetricSample.MetricType.GAUGE, null, null, null, null, null, null, List.of());
                assertThrows(StoreException.class, () -> writer.write(new RecordBatch(Lane.P2, List.of(), List.of(),
                        List.of(sample("up", Map.of("job", "rolled-back"), 5, 40), unstorable), RecordBatch.NO_WAL)));
                writer.write(new RecordBatch(Lane.P2, List.of(), List.of(),
                        List.of(sample("up", Map.of("job", "after"), 4, 50)), RecordBatch.NO_WAL));
            }
            List<String> jobs = new ArrayList<>();
            for (StoredSeries s : head.select(UP, head.coveredFromMs(), Long.MAX_VALUE, Long.MAX_VALUE)) {
                jobs.add(s.labels().get("job") + "@" + (s.timestampsMs()[s.timestampsMs().length - 1] - B));
            }
            jobs.sort(null);
            assertEquals(List.of("after@50000", "before@20000", "during@30000"), jobs);
            long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM metrics WHERE labels['job'] = 'rolled-back'")
                    .mapTo(Long.class).one());
            assertEquals(0, stored, "and DuckDB has none of the failed batch either");
        }
    }

    @Test
    void concurrentWritersAndReadersSeeWholeSamplesAndExactFinalCounts() throws Exception {
        HeadBlock head = head(Duration.ofDays(1), 10_000_000);
        int writers = 3;
        int seriesPerWriter = 20;
        int rounds = 500;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong selects = new AtomicLong();
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        List<MetricSample> batch = new ArrayList<>();
                        long[] ids = new long[seriesPerWriter];
                        for (int s = 0; s < seriesPerWriter; s++) {
                            // Every value is its own time in seconds, so a reader can check each sample whole.
                            batch.add(sample("up", Map.of("w", "" + writer, "s", "" + s), r, r));
                            ids[s] = writer * 1_000L + s;
                        }
                        head.committed(batch, ids);
                    }
                }));
            }
            List<Future<?>> reads = new ArrayList<>();
            for (int reader = 0; reader < 2; reader++) {
                reads.add(pool.submit(() -> {
                    for (int i = 0; i < 100_000 && writing.get(); i++) {
                        for (StoredSeries s : head.select(UP, B, B + rounds * 1000L, Long.MAX_VALUE)) {
                            for (int k = 0; k < s.timestampsMs().length; k++) {
                                if (s.timestampsMs()[k] != B + (long) s.values()[k] * 1000
                                        || k > 0 && s.timestampsMs()[k] <= s.timestampsMs()[k - 1]) {
                                    throw new AssertionError("torn or unordered sample in " + s.labels());
                                }
                            }
                        }
                        selects.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : writes) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : reads) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(selects.get() > 0, "the readers ran");
        assertEquals((long) writers * seriesPerWriter * rounds, head.sampleCount());
        List<StoredSeries> all = head.select(UP, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        assertEquals(writers * seriesPerWriter, all.size());
        for (StoredSeries s : all) {
            assertEquals(rounds, s.timestampsMs().length, s.labels().toString());
        }
    }
}
