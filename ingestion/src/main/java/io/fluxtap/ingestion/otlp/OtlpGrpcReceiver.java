package io.fluxtap.ingestion.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.grpc.BindableService;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.grpc.GrpcRouting;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The OTLP/gRPC receiver: {@code LogsService/Export} (and the other signals' services) on the
 * {@code otlp-grpc} socket (port 4317), answering exactly what the HTTP receiver answers: partial success
 * for refused records, RESOURCE_EXHAUSTED or UNAVAILABLE with a {@code RetryInfo} detail when the sender
 * should retry later, as the OTLP specification asks.
 *
 * <p>Helidon MP discovers JAX-RS resources and HTTP services, not gRPC services, so the routing is handed to
 * the server extension before the server starts (hence the early priority).
 */
@ApplicationScoped
public class OtlpGrpcReceiver {

    static final String SOCKET = "otlp-grpc";
    private static final Logger LOG = System.getLogger(OtlpGrpcReceiver.class.getName());
    private static final int RETRY_DELAY_SECONDS = 2;

    private final OtlpExports exports;
    private final OtlpSignals signals;

    @Inject
    public OtlpGrpcReceiver(LaneRouter lanes, IngestMetrics metrics, OtlpSignals signals, AttributeSanitizer sanitizer) {
        this.exports = new OtlpExports(lanes, metrics, sanitizer);
        this.signals = signals;
    }

    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored,
                  BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).addRouting(routing(), SOCKET, true, null);
    }

    /** The gRPC services, for the server's named socket (or a test's own server). */
    public GrpcRouting.Builder routing() {
        GrpcRouting.Builder routing = GrpcRouting.builder();
        services().forEach(routing::service);
        return routing;
    }

    List<BindableService> services() {
        return List.of(
                new LogsServiceGrpc.LogsServiceImplBase() {
                    @Override
                    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> reply) {
                        OtlpGrpcReceiver.this.export(signals.logs(), request, reply);
                    }
                },
                new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> reply) {
                        OtlpGrpcReceiver.this.export(signals.traces(), request, reply);
                    }
                },
                new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest request,
                                       StreamObserver<ExportMetricsServiceResponse> reply) {
                        OtlpGrpcReceiver.this.export(signals.metrics(), request, reply);
                    }
                });
    }

    private <Q extends Message, R extends Message, T extends IngestRecord> void export(
            OtlpSignal<Q, R, T> signal, Q request, StreamObserver<R> reply) {
        try {
            R response = exports.export(signal, request);
            reply.onNext(response);
            reply.onCompleted();
        } catch (RequestRejected rejected) {
            exports.metrics().rejected(signal.signal(), rejected.reason(), rejected.records());
            reply.onError(StatusProto.toStatusRuntimeException(status(rejected)));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "OTLP/gRPC " + signal.signal().label() + " export failed unexpectedly", e);
            reply.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.INTERNAL_VALUE).setMessage("internal error; see the Fluxtap log").build()));
        }
    }

    private static com.google.rpc.Status status(RequestRejected rejected) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(rejected.rpcCode()).setMessage(rejected.getMessage());
        if (rejected.retryable()) {
            status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(RETRY_DELAY_SECONDS)).build()));
        }
        return status.build();
    }
}
