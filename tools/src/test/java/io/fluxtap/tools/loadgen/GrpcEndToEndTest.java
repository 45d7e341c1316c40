package io.fluxtap.tools.loadgen;

import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTLP/gRPC against a real grpc-java server in the test. */
class GrpcEndToEndTest {

    private static final ExportTraceServiceResponse ALL_SPANS =
            ExportTraceServiceResponse.getDefaultInstance();

    @Test
    void sendsExactlyTheRequestedLogRecordsGzipped() throws Exception {
        try (OtlpGrpcTestServer server = new OtlpGrpcTestServer(null, ALL_SPANS)) {

            RunOutcome outcome = RunOutcome.of("--protocol", "grpc", "--endpoint", server.endpoint(),
                    "--records", "5000", "--gzip", "--connections", "3");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(5000, server.logRecords());
            assertEquals(50, server.requests());
            assertTrue(outcome.out().contains("records   sent 5000, accepted 5000, rejected 0, failed 0"),
                    outcome.out());
            assertTrue(outcome.out().contains("grpc://127.0.0.1:"), outcome.out());
        }
    }

    @Test
    void sendsExactlyTheRequestedSpansAndCountsTheRejectedOnes() throws Exception {
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(3).setErrorMessage("3 spans without a name"))
                .build();
        try (OtlpGrpcTestServer server = new OtlpGrpcTestServer(null, partial)) {

            RunOutcome outcome = RunOutcome.of("--protocol", "grpc", "--signal", "traces",
                    "--endpoint", server.endpoint(), "--records", "1000", "--batch", "250");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(1000, server.spans());
            assertEquals(4, server.requests());
            assertTrue(outcome.out().contains("sent 1000, accepted 988, rejected 12, failed 0"), outcome.out());
            assertTrue(outcome.out().contains("partial success: 3 spans without a name"), outcome.out());
        }
    }

    @Test
    void sendsExactlyTheRequestedDataPoints() throws Exception {
        try (OtlpGrpcTestServer server = new OtlpGrpcTestServer(null, ALL_SPANS)) {

            RunOutcome outcome = RunOutcome.of("--protocol", "grpc", "--signal", "metrics",
                    "--endpoint", server.endpoint(), "--records", "2000", "--batch", "500");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(2000, server.dataPoints());
            assertEquals(4, server.requests());
        }
    }

    @Test
    void grpcErrorsAreCountedAsTheirHttpEquivalent() throws Exception {
        try (OtlpGrpcTestServer server = new OtlpGrpcTestServer(
                Status.UNAVAILABLE.withDescription("ingestion is busy"), ALL_SPANS)) {

            RunOutcome outcome = RunOutcome.of("--protocol", "grpc", "--endpoint", server.endpoint(),
                    "--records", "300");

            assertEquals(LoadGen.EXIT_NOTHING_SUCCEEDED, outcome.status());
            assertEquals(3, server.requests());
            assertTrue(outcome.out().contains("requests  3 (HTTP 503: 3)"), outcome.out());
            assertTrue(outcome.out().contains("gRPC UNAVAILABLE: ingestion is busy"), outcome.out());
        }
    }

    @Test
    void noServerIsATransportError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        RunOutcome outcome = RunOutcome.of("--protocol", "grpc", "--endpoint", "http://127.0.0.1:" + closedPort,
                "--records", "200", "--connections", "1", "--timeout", "2s");

        assertEquals(LoadGen.EXIT_NOTHING_SUCCEEDED, outcome.status());
        assertTrue(outcome.out().contains("sent 200, accepted 0, rejected 0, failed 200"), outcome.out());
        assertTrue(outcome.out().contains("2 transport errors (ConnectException: 2)"), outcome.out());
    }
}
