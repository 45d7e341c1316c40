package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.api.MetricSample;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.sanitize.AttributeLimits;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestLanes;
import io.helidon.microprofile.metrics.RegistryFactory;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10 item 14 for remote_write: a sample more than 10 minutes ahead of the (fixed) server clock, or before 1970,
 * refuses the request with 400 and stores nothing of it, as Prometheus answers a request with an out-of-bounds sample
 * (its senders drop a batch on 4xx and would only resend it forever on 5xx); counted as timestamp_out_of_range.
 */
class RemoteWriteTimestampTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long NOW_MS = NOW.toEpochMilli();
    private static final long SKEW_MS = Duration.ofMinutes(10).toMillis();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private final MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
    private LaneRouter lanes;
    private RemoteWriteResource resource;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() {
        IngestMetrics metrics = new IngestMetrics(registry);
        lanes = new LaneRouter(sink, metrics, TestLanes.settings(dataDir, RingSettings.of(1024, 64, Duration.ofSeconds(2))));
        lanes.start();
        resource = new RemoteWriteResource(lanes, metrics, new AttributeSanitizer(new AttributeLimits(128, 8192), metrics),
                1 << 20, 1000, TimestampBounds.withDefaults(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void stop() {
        lanes.drain();
    }

    @Test
    void aSampleTooFarAheadRefusesTheRequestWith400AndNothingIsStored() throws Exception {
        double before = rejected();
        List<String> series = List.of("__name__", "queue_depth", "job", "api");

        Response refused = write(new WireRequests()
                .series(series, new double[] {1, 2}, new long[] {NOW_MS, NOW_MS + SKEW_MS + 1}).snappy());

        assertEquals(400, refused.getStatus());
        String message = (String) refused.getEntity();
        assertTrue(message.contains("timestamp is more than 10m ahead of the server clock"), message);
        assertTrue(message.contains("nothing of the request was stored"), message);
        assertEquals(before + 1, rejected());

        Response tooOld = write(new WireRequests().series(series, new double[] {3}, new long[] {-1}).snappy());
        assertEquals(400, tooOld.getStatus());
        assertTrue(((String) tooOld.getEntity()).contains("timestamp is before 1970-01-01T00:00:00Z"),
                (String) tooOld.getEntity());

        assertEquals(204, write(new WireRequests()
                .series(series, new double[] {1, 4}, new long[] {NOW_MS, NOW_MS + SKEW_MS}).snappy()).getStatus(),
                "the good samples alone, the second exactly at the skew");
        until(() -> samples().size() == 2, WAIT, () -> "stored: " + samples());
        assertEquals(List.of(1.0, 4.0), samples().stream().map(MetricSample::value).toList(),
                "nothing of the refused requests");
    }

    private Response write(byte[] body) {
        return resource.write("application/x-protobuf", "snappy", null, new ByteArrayInputStream(body));
    }

    private List<MetricSample> samples() {
        return sink.batches().stream().flatMap(b -> b.metrics().stream()).toList();
    }

    private double rejected() {
        return registry.counter(IngestMetrics.REJECTED, new Tag("signal", "metrics"),
                new Tag("reason", "timestamp_out_of_range")).getCount();
    }
}
