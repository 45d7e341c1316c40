package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.lane.LaneRing;
import io.fluxtap.ingestion.lane.LaneSnapshot;
import io.fluxtap.ingestion.lane.PublishResult;
import io.fluxtap.ingestion.lane.RingSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Records per second through one lane ring (multi-producer Disruptor, blocking wait strategy, batching consumer)
 * into a store that does nothing. Producers publish whole requests, as receivers do: one record (a business
 * message) or 100 (a typical OTLP export). The score is records/s because each invocation counts as its
 * request's records; once the ring is full producers wait for room, so it is the consumer's sustained rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LaneRingBenchmark {

    private static final int REQUEST = 100;

    @Param({"1024", "16384"})
    int ringSize;

    private LaneRing ring;
    private List<LogRecord> request;
    private List<LogRecord> single;

    @Setup
    public void start() {
        List<LogRecord> loghub = LoghubRecords.load();
        request = List.copyOf(loghub.subList(0, REQUEST));
        single = List.of(loghub.getFirst());
        // The server's defaults (fluxtap.ingest.max-batch 4096, publish timeout 2 s), the ring size under test.
        ring = new LaneRing(Lane.P1, RingSettings.of(ringSize, 4096, Duration.ofSeconds(2)), new NoopSink(),
                batch -> { });
        ring.start();
    }

    @TearDown
    public void stop() {
        boolean drained = ring.drain(Duration.ofSeconds(10));
        LaneSnapshot s = ring.snapshot();
        // A benchmark that lost records would report a rate for work it did not do.
        if (!drained || s.accepted() != s.stored()) {
            throw new IllegalStateException("ring did not store what it accepted: " + s);
        }
    }

    @Benchmark
    @Threads(1)
    public PublishResult oneProducerSingleRecord() {
        return publish(single);
    }

    @Benchmark
    @Threads(2)
    public PublishResult twoProducersSingleRecord() {
        return publish(single);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(REQUEST)
    public PublishResult oneProducer100Records() {
        return publish(request);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(REQUEST)
    public PublishResult twoProducers100Records() {
        return publish(request);
    }

    private PublishResult publish(List<LogRecord> records) {
        PublishResult result = ring.publish(records);
        if (result != PublishResult.ACCEPTED) {
            throw new IllegalStateException("publish answered " + result + "; the score would count refused records");
        }
        return result;
    }
}
