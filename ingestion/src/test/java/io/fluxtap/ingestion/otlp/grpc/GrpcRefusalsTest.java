package io.fluxtap.ingestion.otlp.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.grpc.Status;
import io.helidon.microprofile.metrics.RegistryFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal is counted; the log gets one line per reason and minute, with the count it held back. */
class GrpcRefusalsTest {

    private final MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final GrpcRefusals refusals = new GrpcRefusals(new IngestMetrics(registry), now::get);
    private final Logger log = Logger.getLogger(GrpcRefusals.class.getName());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    @Test
    void everyRefusalCountsAndTheLogIsRateLimitedPerReason() {
        long before = count("unimplemented");
        for (int i = 0; i < 5; i++) {
            refusals.streamRefused("/opentelemetry.proto.collector.logs.v1.LogsService/Export",
                    Status.UNIMPLEMENTED.withDescription("Can't find decompressor for br"));
        }
        refusals.connectionRefused("goaway_protocol_error", "/127.0.0.1:5000", "bad frame");
        assertEquals(before + 5, count("unimplemented"));
        assertEquals(2, logged.size(), "one line per reason: " + messages());
        assertTrue(logged.get(0).getMessage().contains("refused with UNIMPLEMENTED: Can't find decompressor for br"),
                messages());
        assertEquals(Level.WARNING, logged.get(0).getLevel());

        now.addAndGet(GrpcRefusals.LOG_INTERVAL.toNanos());
        refusals.streamRefused("/m", Status.UNIMPLEMENTED);
        assertEquals(3, logged.size(), messages());
        assertTrue(logged.get(2).getMessage().contains("(4 more of this kind in the last 1 min)"), messages());
    }

    private long count(String reason) {
        var counter = registry.getCounters().get(new org.eclipse.microprofile.metrics.MetricID(
                IngestMetrics.GRPC_REFUSED, new Tag("reason", reason)));
        return counter == null ? 0 : counter.getCount();
    }

    private String messages() {
        return logged.stream().map(LogRecord::getMessage).toList().toString();
    }
}
