package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.LaneSnapshot;
import io.fluxtap.ingestion.lane.PublishResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Records per second through a durable lane (write-ahead log, then ring) into a store that does nothing.
 * Goes through {@link LaneRouter#publishLogs}, the receivers' entry, because the router is what wires a
 * DurableLane's ring back to its WAL (segments are released as batches are stored): P0 fsyncs for every
 * request (group-commit delay 0), P1 gathers appends for the default 2 ms before each fsync. A publish returns
 * only after its records are durable, so the score is the acknowledged rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableLaneBenchmark {

    private static final int REQUEST = 100;

    @Param({"P0", "P1"})
    Lane lane;

    private Path dataDir;
    private LaneRouter router;
    private List<LogRecord> request;
    private List<LogRecord> single;

    @Setup
    public void start() {
        UnaryOperator<LogRecord> toLane = lane == Lane.P0
                ? r -> LoghubRecords.withEntity(r, BenchLanes.P0_SERVICE)
                : UnaryOperator.identity();
        // P1 takes INFO and above; lower loghub levels would be routed to P2 and not measured here.
        List<LogRecord> records = LoghubRecords.load(toLane).stream()
                .filter(r -> lane == Lane.P0 || r.level().isAtLeast(Level.INFO)).toList();
        request = List.copyOf(records.subList(0, REQUEST));
        single = List.of(records.getFirst());
        dataDir = BenchDirs.fresh("durable-" + lane + "-");
        router = BenchLanes.router(new NoopSink(), dataDir);
        router.start();
    }

    @TearDown
    public void stop() {
        router.drain();
        LaneSnapshot s = router.snapshots().get(lane.ordinal());
        BenchDirs.delete(dataDir);
        if (s.accepted() != s.stored()) {
            throw new IllegalStateException("lane did not store what it accepted: " + s);
        }
    }

    @Benchmark
    @Threads(1)
    public IngestOutcome oneProducerSingleRecord() {
        return publish(single);
    }

    @Benchmark
    @Threads(2)
    public IngestOutcome twoProducersSingleRecord() {
        return publish(single);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(REQUEST)
    public IngestOutcome oneProducer100Records() {
        return publish(request);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(REQUEST)
    public IngestOutcome twoProducers100Records() {
        return publish(request);
    }

    private IngestOutcome publish(List<LogRecord> records) {
        IngestOutcome outcome = router.publishLogs(records);
        if (outcome.result() != PublishResult.ACCEPTED || outcome.dropped() != 0) {
            throw new IllegalStateException("publish answered " + outcome + "; the score would count refused records");
        }
        return outcome;
    }
}
