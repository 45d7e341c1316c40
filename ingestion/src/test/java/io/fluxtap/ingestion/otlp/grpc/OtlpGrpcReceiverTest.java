package io.fluxtap.ingestion.otlp.grpc;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.fluxtap.ingestion.budget.InflightBytes;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.OtlpSignals;
import io.fluxtap.ingestion.otlp.http.OtlpHttpServiceTest;
import io.fluxtap.ingestion.sanitize.AttributeLimits;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestLanes;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a gRPC sender is told: the response, or a status the OTLP specification lets it retry on. */
class OtlpGrpcReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private final IngestMetrics metrics =
            new IngestMetrics(RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE));
    private LaneRouter lanes;

    /** The logs service as the server calls it: with the message's bytes. */
    private interface LogsExport {
        void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> reply);
    }

    private LogsExport logsService(RingSettings ring, long segment, long quota) {
        lanes = new LaneRouter(sink, metrics, TestLanes.settings(dataDir, ring, segment, quota, Set.of()));
        OtlpGrpcReceiver receiver = new OtlpGrpcReceiver(lanes, metrics, new OtlpSignals(Clock.systemUTC()),
                new AttributeSanitizer(new AttributeLimits(128, 8192), metrics));
        return (request, reply) -> receiver.export(receiver.signals().logs(), request.toByteArray(), reply);
    }

    @AfterEach
    void stop() {
        sink.unblock();
        if (lanes != null) {
            lanes.drain();
        }
    }

    @Test
    void anAcceptedExportIsAnsweredWithTheResponseAndCompleted() {
        LogsExport service = logsService(RingSettings.of(64, 16, Duration.ofMillis(100)), 1 << 20, 64L << 20);
        lanes.start();
        Recorder reply = new Recorder();
        service.export(OtlpHttpServiceTest.request("over grpc"), reply);
        assertTrue(reply.completed);
        assertEquals(ExportLogsServiceResponse.getDefaultInstance(), reply.response);
        sink.awaitRecords(1, WAIT);
    }

    @Test
    void aClosedLaneIsUnavailableWithRetryInfo() throws InvalidProtocolBufferException {
        LogsExport service = logsService(RingSettings.of(64, 16, Duration.ofMillis(100)), 1 << 20, 64L << 20);
        Recorder reply = new Recorder();
        service.export(OtlpHttpServiceTest.request("before start"), reply);
        com.google.rpc.Status status = StatusProto.fromThrowable(reply.error);
        assertNotNull(status, "a google.rpc.Status travels in the trailers");
        assertEquals(14, status.getCode(), "UNAVAILABLE");
        assertTrue(status.getMessage().contains("shutting down"), status.getMessage());
        assertEquals(2, status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds());
    }

    @Test
    void aWalAtItsQuotaIsResourceExhaustedWithRetryInfo() throws InvalidProtocolBufferException {
        LogsExport service = logsService(RingSettings.of(1024, 64, Duration.ofMillis(100)), 1024, 2048);
        lanes.start();
        sink.block();
        Recorder reply = null;
        for (int i = 0; i < 100; i++) {
            reply = new Recorder();
            service.export(OtlpHttpServiceTest.request("q" + i), reply);
            if (reply.error != null) {
                break;
            }
        }
        assertNotNull(reply.error, "the WAL quota must be reached");
        com.google.rpc.Status status = StatusProto.fromThrowable(reply.error);
        assertEquals(8, status.getCode(), "RESOURCE_EXHAUSTED");
        assertTrue(status.getMessage().contains("write-ahead log is full"), status.getMessage());
        assertEquals(2, status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds());
        sink.unblock();
        until(() -> sink.records().size() > 0, WAIT, () -> "the accepted records are stored once the store is back");
    }

    @Test
    void aMessageOverTheInflightBudgetIsResourceExhaustedWithRetryInfoAndNothingStored() throws Exception {
        lanes = new LaneRouter(sink, metrics, TestLanes.settings(dataDir, RingSettings.of(64, 16, Duration.ofMillis(100)),
                1 << 20, 64L << 20, Set.of()));
        InflightBytes budget = new InflightBytes(100);
        OtlpGrpcReceiver receiver = new OtlpGrpcReceiver(lanes, metrics, new OtlpSignals(Clock.systemUTC()),
                new AttributeSanitizer(new AttributeLimits(128, 8192), metrics), budget);
        lanes.start();
        byte[] request = OtlpHttpServiceTest.request("over budget").toByteArray();
        try (InflightBytes.Lease other = budget.open()) {
            assertTrue(other.grow(100 - request.length + 1), "another request holds all but too little");
            Recorder refused = new Recorder();
            receiver.export(receiver.signals().logs(), request, refused);
            com.google.rpc.Status status = StatusProto.fromThrowable(refused.error);
            assertEquals(8, status.getCode(), "RESOURCE_EXHAUSTED");
            assertTrue(status.getMessage().contains("fluxtap.ingest.max-inflight-bytes"), status.getMessage());
            assertEquals(2, status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds());
            assertEquals(100 - request.length + 1, budget.inUse(), "the refused message holds nothing");
        }
        Recorder taken = new Recorder();
        receiver.export(receiver.signals().logs(), request, taken);
        assertTrue(taken.completed, "alone in flight, the same message is taken");
        assertEquals(0, budget.inUse(), "and its bytes are given back once it is in the lanes");
        sink.awaitRecords(1, WAIT);
        assertEquals(1, sink.records().size(), "only the accepted export is stored");
    }

    @Test
    void aMessageThatIsNotTheRequestProtobufIsInvalidArgument() {
        lanes = new LaneRouter(sink, metrics, TestLanes.settings(dataDir, RingSettings.of(64, 16, Duration.ofMillis(100)),
                1 << 20, 64L << 20, Set.of()));
        OtlpGrpcReceiver receiver = new OtlpGrpcReceiver(lanes, metrics, new OtlpSignals(Clock.systemUTC()),
                new AttributeSanitizer(new AttributeLimits(128, 8192), metrics));
        lanes.start();
        Recorder reply = new Recorder();
        receiver.export(receiver.signals().logs(), new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff}, reply);
        com.google.rpc.Status status = StatusProto.fromThrowable(reply.error);
        assertNotNull(status, "a google.rpc.Status travels in the trailers");
        assertEquals(3, status.getCode(), "INVALID_ARGUMENT, not retryable per OTLP");
        assertTrue(status.getMessage().contains("invalid protobuf"), status.getMessage());
        assertEquals(0, status.getDetailsCount(), "no RetryInfo");
    }

    /** Records what the service told the caller. */
    private static final class Recorder implements StreamObserver<ExportLogsServiceResponse> {
        ExportLogsServiceResponse response;
        Throwable error;
        boolean completed;

        @Override
        public void onNext(ExportLogsServiceResponse value) {
            response = value;
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }
}
