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
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LaneRouter lanes;
    private WebServer server;

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        files.heal();
        if (server != null) {
            server.stop();
        }
        if (lanes != null) {
            lanes.drain();
        }
    }

    private void start() {
        MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
        LaneSettings base = TestLanes.settings(dataDir, RingSettings.of(1024, 64, Duration.ofSeconds(2)));
        lanes = new LaneRouter(sink, new IngestMetrics(registry), new LaneSettings(base.ring(), base.drainTimeout(),
                base.walDirectory(), base.walSegmentBytes(), base.walQuotaBytes(), base.p1GroupCommit(), base.durable(),
                base.p0Services(), base.p1MinLevel(), files));
        lanes.start();
        OtlpHttpService service = new OtlpHttpService(lanes, new IngestMetrics(registry), 64 * 1024, Clock.systemUTC());
        server = WebServer.builder().port(0).routing(routing -> routing.register("/v1", service)).build().start();
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
        InMemoryRecordSink.await(() -> lanes.snapshots().stream()
                .allMatch(s -> s.wal().map(w -> w.backlog() == 0).orElse(true)), WAIT, () -> "backlog");
        assertEquals(List.of("w", "f"), sink.records().stream().map(LogRecord::body).toList(),
                "each record once: the refused attempts left nothing behind");
    }

    private HttpResponse<byte[]> post(ExportLogsServiceRequest request) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/v1/logs"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ExportLogsServiceRequest request(String body) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(
                ScopeLogs.newBuilder().addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                        .setTimeUnixNano(1_700_000_000_000_000_000L).setSeverityNumber(
                                io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_INFO)
                        .setBody(AnyValue.newBuilder().setStringValue(body))))).build();
    }
}
