package io.fluxtap.ingestion.otlp.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.OtlpEncoding;
import io.fluxtap.ingestion.otlp.OtlpExports;
import io.fluxtap.ingestion.otlp.OtlpSignal;
import io.fluxtap.ingestion.otlp.OtlpSignals;
import io.fluxtap.ingestion.otlp.RequestRejected;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.fluxtap.ingestion.budget.InflightBytes;
import io.fluxtap.ingestion.budget.OverBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The OTLP/gRPC services: {@code LogsService/Export}, {@code TraceService/Export} and
 * {@code MetricsService/Export}, answering exactly what the HTTP receiver answers: partial success for refused
 * records, RESOURCE_EXHAUSTED or UNAVAILABLE with a {@code RetryInfo} detail when the sender should retry later,
 * INVALID_ARGUMENT (not retryable) for a message that is not the request protobuf, as the OTLP specification
 * asks. {@link OtlpGrpcServer} serves them on port 4317.
 *
 * <p>Requests reach the services as bytes and are parsed here: a parse failure inside grpc-java's marshaller
 * would be answered UNKNOWN ("Application error processing RPC"), which OTLP does not name for bad data.
 */
@ApplicationScoped
public class OtlpGrpcReceiver {

    private static final Logger LOG = System.getLogger(OtlpGrpcReceiver.class.getName());
    private static final int RETRY_DELAY_SECONDS = 2;

    /**
     * The message as it came off the wire (decompressed, within the size limit grpc-java enforces), or why it could
     * not be read. grpc-java decompresses while the marshaller reads, so a corrupt gzip stream or one that inflates
     * over the limit surfaces here; thrown from the marshaller it would be answered UNKNOWN.
     */
    record Incoming(byte[] bytes, Status failure) {
    }

    private static final MethodDescriptor.Marshaller<Incoming> INCOMING = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Incoming value) {
            return new ByteArrayInputStream(value.bytes());
        }

        @Override
        public Incoming parse(InputStream stream) {
            try {
                return new Incoming(stream.readAllBytes(), null);
            } catch (StatusRuntimeException e) {
                return new Incoming(null, e.getStatus());
            } catch (IOException e) {
                return new Incoming(null, Status.INTERNAL.withDescription("cannot decompress the message: " + e.getMessage()));
            }
        }
    };

    private final OtlpExports exports;
    private final OtlpSignals signals;
    private final GrpcRefusals refusals;
    private final InflightBytes inflight;

    @Inject
    public OtlpGrpcReceiver(LaneRouter lanes, IngestMetrics metrics, OtlpSignals signals, AttributeSanitizer sanitizer,
                            InflightBytes inflight) {
        this.exports = new OtlpExports(lanes, metrics, sanitizer);
        this.signals = signals;
        this.refusals = new GrpcRefusals(metrics, System::nanoTime);
        this.inflight = inflight;
    }

    /** For tests: no in-flight bound. */
    public OtlpGrpcReceiver(LaneRouter lanes, IngestMetrics metrics, OtlpSignals signals, AttributeSanitizer sanitizer) {
        this(lanes, metrics, signals, sanitizer, InflightBytes.unbounded());
    }

    /** Counts and logs what the gRPC server refuses; shared with {@link OtlpGrpcServer}. */
    GrpcRefusals refusals() {
        return refusals;
    }

    /** The three services, for {@link OtlpGrpcServer} (or a test's own server). */
    public List<ServerServiceDefinition> services() {
        return List.of(
                service(LogsServiceGrpc.getServiceDescriptor().getName(), LogsServiceGrpc.getExportMethod(),
                        signals.logs()),
                service(TraceServiceGrpc.getServiceDescriptor().getName(), TraceServiceGrpc.getExportMethod(),
                        signals.traces()),
                service(MetricsServiceGrpc.getServiceDescriptor().getName(), MetricsServiceGrpc.getExportMethod(),
                        signals.metrics()));
    }

    OtlpSignals signals() {
        return signals;
    }

    private <Q extends Message, R extends Message, T extends IngestRecord> ServerServiceDefinition service(
            String name, MethodDescriptor<Q, R> generated, OtlpSignal<Q, R, T> signal) {
        MethodDescriptor<Incoming, R> method = generated.toBuilder(INCOMING, generated.getResponseMarshaller()).build();
        return ServerServiceDefinition.builder(name)
                .addMethod(method, ServerCalls.asyncUnaryCall((request, reply) -> {
                    if (request.failure() != null) {
                        refusals.streamRefused(method.getFullMethodName(), request.failure());
                        reply.onError(request.failure().asRuntimeException());
                    } else {
                        export(signal, request.bytes(), reply);
                    }
                }))
                .build();
    }

    /** One export of the serialized request; the answer goes to {@code reply}, never as an exception. */
    <Q extends Message, R extends Message, T extends IngestRecord> void export(
            OtlpSignal<Q, R, T> signal, byte[] request, StreamObserver<R> reply) {
        // grpc-java has already read the message (bounded by maxInboundMessageSize); the lease bounds how many such
        // messages are parsed and held at once, beside the HTTP receivers' bodies.
        try (InflightBytes.Lease lease = inflight.open()) {
            if (!lease.grow(request.length)) {
                throw RequestRejected.throttled(new OverBudget(inflight.maxBytes()).getMessage(), 1);
            }
            Q parsed = OtlpEncoding.PROTOBUF.parse(request, StandardCharsets.UTF_8, signal.emptyRequest());
            R response = exports.export(signal, parsed);
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
