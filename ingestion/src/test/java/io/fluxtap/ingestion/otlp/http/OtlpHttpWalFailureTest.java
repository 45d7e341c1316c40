package io.fluxtap.ingestion.otlp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.LaneSettings;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.FaultyFiles;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.OtlpHttpTestServer;
import io.fluxtap.testing.Await;
import io.fluxtap.ingestion.testing.TestLanes;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an OTLP/HTTP sender is answered when the write-ahead log's disk fails a write or an fsync. */
class OtlpHttpWalFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private final FaultyFiles files = new FaultyFiles();
    private OtlpHttpTestServer server;
    private LaneRouter lanes;

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        files.heal();
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        LaneSettings base = OtlpHttpTestServer.defaultLanes(dataDir);
        server = OtlpHttpTestServer.start(sink, new LaneSettings(base.ring(), base.drainTimeout(), base.walDirectory(),
                base.walSegmentBytes(), base.walQuotaBytes(), base.p1GroupCommit(), base.durable(), base.p0Services(),
                base.p1MinLevel(), files), OtlpHttpTestServer.DEFAULT_MAX_REQUEST_BYTES, Clock.systemUTC());
        lanes = server.lanes();
    }

    @Test
    void aFailedWalWriteOrFsyncIsAnswered503WithRetryAfterAndTheRetryIsStoredOnce() throws Exception {
        start();
        files.failWritesAfter(8);
        HttpResponse<byte[]> refused = post(request("w"));
        assertEquals(503, refused.statusCode(), "retryable: the disk refused the write");
        assertTrue(refused.headers().firstValue("retry-after").isPresent(), "Retry-After tells when to retry");

        files.heal();
        files.failForces(true);
        HttpResponse<byte[]> unsynced = post(request("f"));
        assertEquals(503, unsynced.statusCode(), "retryable: the fsync failed");
        assertTrue(unsynced.headers().firstValue("retry-after").isPresent());

        files.heal();
        assertEquals(200, post(request("w")).statusCode(), "the sender's retry after the fault cleared");
        assertEquals(200, post(request("f")).statusCode());
        sink.awaitRecords(2, WAIT);
        Await.until(() -> lanes.snapshots().stream()
                .allMatch(s -> s.wal().map(w -> w.backlog() == 0).orElse(true)), WAIT, () -> "backlog");
        assertEquals(List.of("w", "f"), sink.records().stream().map(LogRecord::body).toList(),
                "each record once: the refused attempts left nothing behind");
    }

    private HttpResponse<byte[]> post(ExportLogsServiceRequest request) throws Exception {
        return server.post("logs", "application/x-protobuf", request.toByteArray(), false);
    }

    private static ExportLogsServiceRequest request(String body) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(
                ScopeLogs.newBuilder().addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                        .setTimeUnixNano(1_700_000_000_000_000_000L).setSeverityNumber(
                                io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_INFO)
                        .setBody(AnyValue.newBuilder().setStringValue(body))))).build();
    }
}
