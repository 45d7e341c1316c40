package io.fluxtap.tools.loadgen;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real OTLP/gRPC receiver (grpc-java over plaintext HTTP/2) for the tests: counts the requests and the
 * log records, spans and data points they carry, and answers every call with {@code error} when it is set,
 * else with {@code traceResponse} for traces and an empty response for the other signals.
 */
final class OtlpGrpcTestServer implements AutoCloseable {

    private final Server server;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong logRecords = new AtomicLong();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong dataPoints = new AtomicLong();

    OtlpGrpcTestServer(Status error, ExportTraceServiceResponse traceResponse) throws IOException {
        this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new LogsServiceGrpc.LogsServiceImplBase() {
                    @Override
                    public void export(ExportLogsServiceRequest request,
                                       StreamObserver<ExportLogsServiceResponse> answer) {
                        logRecords.addAndGet(request.getResourceLogsList().stream()
                                .flatMap(r -> r.getScopeLogsList().stream())
                                .mapToLong(s -> s.getLogRecordsCount()).sum());
                        reply(answer, ExportLogsServiceResponse.getDefaultInstance(), error);
                    }
                })
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request,
                                       StreamObserver<ExportTraceServiceResponse> answer) {
                        spans.addAndGet(OtlpSignalsTestServer.spans(request));
                        reply(answer, traceResponse, error);
                    }
                })
                .addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest request,
                                       StreamObserver<ExportMetricsServiceResponse> answer) {
                        dataPoints.addAndGet(OtlpSignalsTestServer.dataPoints(request));
                        reply(answer, ExportMetricsServiceResponse.getDefaultInstance(), error);
                    }
                })
                .build()
                .start();
    }

    private <T> void reply(StreamObserver<T> answer, T response, Status error) {
        requests.incrementAndGet();
        if (error != null) {
            answer.onError(error.asRuntimeException());
            return;
        }
        answer.onNext(response);
        answer.onCompleted();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    long requests() {
        return requests.get();
    }

    long logRecords() {
        return logRecords.get();
    }

    long spans() {
        return spans.get();
    }

    long dataPoints() {
        return dataPoints.get();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
