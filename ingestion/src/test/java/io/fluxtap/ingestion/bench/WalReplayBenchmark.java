package io.fluxtap.ingestion.bench;

import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.wal.RecordCodec;
import io.fluxtap.ingestion.wal.WalFullException;
import io.fluxtap.ingestion.wal.WalOptions;
import io.fluxtap.ingestion.wal.WalRecord;
import io.fluxtap.ingestion.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one replay step costs: a backlogged durable lane feeds its ring with {@code readAfter(publishedLsn, 4096)}
 * (4096 = its replay chunk at the default ring size), so this reads 4096 records that lie at the start, the
 * middle or the end of one full default-size (64 MiB) segment of loghub records. If the cost grows with the
 * position, replaying a segment costs more than reading it once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WalReplayBenchmark {

    private static final int CHUNK = 4096;

    /** Where in the segment the chunk starts, as a fraction of the segment's records. */
    @Param({"0.0", "0.5", "0.95"})
    double position;

    private Path dir;
    private WriteAheadLog wal;
    private long afterLsn;

    @Setup
    public void fill() throws WalFullException, InterruptedException {
        List<byte[]> payloads = new ArrayList<>();
        for (LogRecord record : LoghubRecords.load()) {
            payloads.add(RecordCodec.encode(record));
        }
        dir = BenchDirs.fresh("replay-");
        wal = WriteAheadLog.open(new WalOptions(dir, WalOptions.DEFAULT_SEGMENT_BYTES, 1L << 30, Duration.ZERO), 1,
                nanos -> { });
        // Fill the first segment to 90%: appends stop before one would open a second segment.
        long bytes = 0;
        long limit = WalOptions.DEFAULT_SEGMENT_BYTES * 9 / 10;
        for (int i = 0; bytes < limit; i = (i + 1) % payloads.size()) {
            byte[] payload = payloads.get(i);
            wal.append(payload);
            bytes += payload.length;
        }
        wal.awaitDurable(wal.lastLsn(), Duration.ofSeconds(30));
        if (wal.segmentCount() != 1) {
            throw new IllegalStateException("expected one segment, have " + wal.segmentCount());
        }
        long records = wal.lastLsn();
        afterLsn = Math.min(records - CHUNK, (long) (records * position));
        System.out.printf("%n[replay] segment of %d records, %d bytes; chunk after LSN %d%n",
                records, wal.sizeBytes(), afterLsn);
    }

    @TearDown
    public void close() {
        wal.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public List<WalRecord> readChunk() {
        List<WalRecord> chunk = wal.readAfter(afterLsn, CHUNK);
        if (chunk.size() != CHUNK) {
            throw new IllegalStateException("read " + chunk.size() + " records, expected " + CHUNK);
        }
        return chunk;
    }
}
