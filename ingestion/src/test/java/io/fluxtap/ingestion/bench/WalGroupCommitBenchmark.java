package io.fluxtap.ingestion.bench;

import io.fluxtap.ingestion.wal.RecordCodec;
import io.fluxtap.ingestion.wal.WalFullException;
import io.fluxtap.ingestion.wal.WalOptions;
import io.fluxtap.ingestion.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The write-ahead log alone: each operation appends one encoded loghub record and waits until it is durable,
 * as a P0/P1 request does before it is acknowledged. Throughput mode gives acknowledged appends/s over all
 * threads; SampleTime mode gives the acknowledgement latency percentiles. Delay 0 is P0 (the sync thread
 * fsyncs as soon as it sees an append; concurrent appends that arrive during an fsync share the next one),
 * delay 2 is P1's default group commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
// One unit for both modes: milliseconds keep latencies readable (seconds would print 0.000) at the price of
// throughput in ops/ms.
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WalGroupCommitBenchmark {

    @Param({"0", "2"})
    int groupCommitMs;

    private Path dir;
    private WriteAheadLog wal;
    private byte[] payload;
    /** fsync durations in ns, written only by the WAL's sync thread and read after close() joined it. */
    private final Histogram fsyncNanos = new Histogram(3);

    @Setup
    public void open() {
        payload = RecordCodec.encode(LoghubRecords.load().getFirst());
        dir = BenchDirs.fresh("wal-" + groupCommitMs + "ms-");
        wal = WriteAheadLog.open(new WalOptions(dir, WalOptions.DEFAULT_SEGMENT_BYTES, 1L << 30,
                Duration.ofMillis(groupCommitMs)), 1, fsyncNanos::recordValue);
    }

    /** Plays the store: lets finished segments go between iterations, so the log stays far below its quota. */
    @Setup(Level.Iteration)
    public void releaseApplied() {
        wal.release(wal.durableLsn());
    }

    @TearDown
    public void close() {
        long appends = wal.lastLsn();
        wal.close();
        BenchDirs.delete(dir);
        // Printed into the run's log: how many appends each fsync served, and what an fsync costs on this disk.
        System.out.printf("%n[wal] delay %d ms: %d appends, %d fsyncs (%.1f appends per fsync); fsync p50 %.3f ms, "
                        + "p99 %.3f ms, max %.3f ms; payload %d bytes%n",
                groupCommitMs, appends, fsyncNanos.getTotalCount(),
                (double) appends / Math.max(1, fsyncNanos.getTotalCount()),
                fsyncNanos.getValueAtPercentile(50) / 1e6, fsyncNanos.getValueAtPercentile(99) / 1e6,
                fsyncNanos.getMaxValue() / 1e6, payload.length);
    }

    @Benchmark
    @Threads(1)
    public boolean threads01() throws Exception {
        return appendAndAwait();
    }

    @Benchmark
    @Threads(4)
    public boolean threads04() throws Exception {
        return appendAndAwait();
    }

    @Benchmark
    @Threads(16)
    public boolean threads16() throws Exception {
        return appendAndAwait();
    }

    private boolean appendAndAwait() throws WalFullException, InterruptedException {
        long lsn = wal.append(payload);
        if (!wal.awaitDurable(lsn, Duration.ofSeconds(10))) {
            throw new IllegalStateException("append " + lsn + " not durable within 10 s");
        }
        return true;
    }
}
