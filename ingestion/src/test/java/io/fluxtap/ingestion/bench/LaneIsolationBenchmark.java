package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.LaneSnapshot;
import io.fluxtap.ingestion.lane.PublishResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * P0 acknowledgement latency with P2 idle and with P2 flooded at twice what its store can take, in one run
 * and one JVM, so the two are comparable. A plain harness rather than JMH: the flood is a paced background
 * producer, and the interesting numbers (P2 drops, P2 absorbed rate) are not JMH scores.
 *
 * <p>The store is a stand-in with a known capacity: P2 batches cost {@code size / capacity} seconds of sleep
 * (so P2 absorbs at most {@code capacity} records/s), P0 batches cost nothing. P0 requests (one record, like a
 * business message) leave on a fixed schedule and each latency is measured from the request's scheduled send
 * time, so a stall also counts against the requests that should have been sent during it ("response"); the
 * time spent inside {@link LaneRouter#publishLogs} alone is reported beside it ("service").
 *
 * <pre>java ... io.fluxtap.ingestion.bench.LaneIsolationBenchmark [p2Capacity [seconds [rounds [p0IntervalMicros]]]]</pre>
 */
public final class LaneIsolationBenchmark {

    private static final int P2_REQUEST = 100;

    private final LaneRouter router;
    private final int p2Capacity;
    private final long p0IntervalNanos;
    private final List<LogRecord> p0Request;
    private final List<List<LogRecord>> p2Requests;

    private LaneIsolationBenchmark(LaneRouter router, int p2Capacity, long p0IntervalNanos) {
        this.router = router;
        this.p2Capacity = p2Capacity;
        this.p0IntervalNanos = p0IntervalNanos;
        this.p0Request = List.of(LoghubRecords.withEntity(LoghubRecords.load().getFirst(), BenchLanes.P0_SERVICE));
        // loghub has few DEBUG lines; its rows re-levelled to DEBUG are telemetry of realistic size.
        List<LogRecord> debug = LoghubRecords.load(r -> LoghubRecords.withLevel(r, Level.DEBUG));
        this.p2Requests = IntStream.range(0, debug.size() / P2_REQUEST)
                .mapToObj(i -> List.copyOf(debug.subList(i * P2_REQUEST, (i + 1) * P2_REQUEST))).toList();
    }

    public static void main(String[] args) throws Exception {
        int p2Capacity = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long p0IntervalMicros = args.length > 3 ? Long.parseLong(args[3]) : 2_000;
        Path dataDir = BenchDirs.fresh("isolation-");
        LaneRouter router = BenchLanes.router(new ThrottledSink(p2Capacity), dataDir);
        router.start();
        try {
            LaneIsolationBenchmark bench = new LaneIsolationBenchmark(router, p2Capacity,
                    TimeUnit.MICROSECONDS.toNanos(p0IntervalMicros));
            System.out.printf("P2 store capacity %d records/s, flood %d records/s in requests of %d; "
                            + "P0: 1-record requests every %d us; %d rounds of %d s alone + %d s flooded; WAL under %s%n",
                    p2Capacity, 2 * p2Capacity, P2_REQUEST, p0IntervalMicros, rounds, seconds, seconds, dataDir);
            bench.phase("warm-up (discarded)", 5, false);
            // Alone and flooded take turns, so load that other processes put on the shared cores during the
            // run falls on both conditions alike instead of on whichever ran second.
            Phase alone = null;
            Phase flooded = null;
            for (int round = 1; round <= rounds; round++) {
                Phase a = bench.phase("P0 alone, round " + round, seconds, false);
                a.print();
                Phase f = bench.phase("P0 + P2 2x, round " + round, seconds, true);
                f.print();
                alone = alone == null ? a : alone.plus(a, "P0 alone, all");
                flooded = flooded == null ? f : flooded.plus(f, "P0 + P2 2x, all");
            }
            alone.print();
            flooded.print();
        } finally {
            router.drain();
            BenchDirs.delete(dataDir);
        }
    }

    private Phase phase(String name, int seconds, boolean flood) throws InterruptedException {
        awaitP2Empty();
        Flood flooder = flood ? new Flood() : null;
        Thread floodThread = flood ? Thread.ofPlatform().name("p2-flood").start(flooder) : null;
        long storedBefore = p2().stored();
        Histogram response = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        Histogram service = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        for (long i = 0; ; i++) {
            long intended = start + i * p0IntervalNanos;
            if (intended - end >= 0) {
                break;
            }
            awaitTime(intended);
            long sent = System.nanoTime();
            IngestOutcome outcome = router.publishLogs(p0Request);
            long done = System.nanoTime();
            if (outcome.result() != PublishResult.ACCEPTED) {
                throw new IllegalStateException("P0 request refused: " + outcome);
            }
            response.recordValue(done - intended);
            service.recordValue(done - sent);
        }
        long elapsed = System.nanoTime() - start;
        if (flooder != null) {
            flooder.stop = true;
            floodThread.join();
        }
        long stored = p2().stored() - storedBefore;
        return new Phase(name, response, service, flooder == null ? 0 : flooder.offered.get(),
                flooder == null ? 0 : flooder.dropped.get(), stored, elapsed);
    }

    /** parkNanos may return early, and a request sent before its time would make its latency negative. */
    private static void awaitTime(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private LaneSnapshot p2() {
        return router.snapshots().get(Lane.P2.ordinal());
    }

    private void awaitP2Empty() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p2().remaining() < p2().capacity()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("P2 did not empty within 60 s: " + p2());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Sends P2 requests on a fixed schedule at twice the store's capacity, counting what the lane drops. */
    private final class Flood implements Runnable {
        volatile boolean stop;
        final AtomicLong offered = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();

        @Override
        public void run() {
            long interval = TimeUnit.SECONDS.toNanos(1) * P2_REQUEST / (2L * p2Capacity);
            long start = System.nanoTime();
            for (long i = 0; !stop; i++) {
                awaitTime(start + i * interval);
                List<LogRecord> request = p2Requests.get((int) (i % p2Requests.size()));
                IngestOutcome outcome = router.publishLogs(request);
                offered.addAndGet(request.size());
                dropped.addAndGet(outcome.dropped());
            }
        }
    }

    private record Phase(String name, Histogram response, Histogram service, long p2Offered, long p2Dropped,
                         long p2Stored, long elapsedNanos) {

        Phase plus(Phase other, String total) {
            Histogram r = response.copy();
            r.add(other.response);
            Histogram s = service.copy();
            s.add(other.service);
            return new Phase(total, r, s, p2Offered + other.p2Offered, p2Dropped + other.p2Dropped,
                    p2Stored + other.p2Stored, elapsedNanos + other.elapsedNanos);
        }

        void print() {
            double secs = elapsedNanos / 1e9;
            System.out.printf("%-20s P0 requests %6d  response ms p50 %7.3f  p99 %7.3f  p99.9 %7.3f  max %8.3f"
                            + "  | service ms p50 %6.3f  p99 %7.3f  max %8.3f",
                    name, response.getTotalCount(), ms(response, 50), ms(response, 99), ms(response, 99.9),
                    response.getMaxValue() / 1e6, ms(service, 50), ms(service, 99), service.getMaxValue() / 1e6);
            if (p2Offered > 0) {
                System.out.printf("  | P2 offered %d (%.0f/s) dropped %d (%.1f%%) stored %d (%.0f/s)",
                        p2Offered, p2Offered / secs, p2Dropped, 100.0 * p2Dropped / p2Offered, p2Stored,
                        p2Stored / secs);
            }
            System.out.println();
        }

        private static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** A store whose P2 writes take as long as a store of the given capacity would need; other lanes are free. */
    private record ThrottledSink(int p2Capacity) implements RecordSink {
        @Override
        public Writer openWriter(Lane lane) {
            return new Writer() {
                @Override
                public void write(RecordBatch batch) {
                    if (lane != Lane.P2) {
                        return;
                    }
                    // The whole cost is waited out (awaitTime loops over early returns), or the capacity would not hold.
                    awaitTime(System.nanoTime() + TimeUnit.SECONDS.toNanos(1) * batch.size() / p2Capacity);
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
}
