package io.fluxtap.ingestion.otlp.grpc;

import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Makes the HTTP/2 connections and gRPC streams the OTLP/gRPC server refuses visible: each is counted on
 * {@code fluxtap_grpc_refused_total{reason}} and logged, at most once a minute per reason (a misbehaving client
 * retries in a loop, and the log must not drown in it).
 *
 * <p>A stream counts as refused when it ends with an error status that the OTLP services did not answer
 * themselves: grpc-java ended it (an unknown {@code grpc-encoding}, a message over the limit, a corrupt frame,
 * an unknown method), or the message could not be read (not gzip, inflating over the limit: the services hand
 * those to {@link #streamRefused}). What the services answer (partial success, RESOURCE_EXHAUSTED from a full WAL) is counted
 * by the ingest metrics already. A connection counts as refused when the server ends it with a GOAWAY carrying
 * an error code (see {@link GoAwayWatcher}).
 */
final class GrpcRefusals {

    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = System.getLogger(GrpcRefusals.class.getName());
    /** The client gave up; nothing was refused. */
    private static final Set<Status.Code> CLIENT_ENDED = Set.of(Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED);
    private static final Context.Key<StreamRecord> STREAM = Context.key("fluxtap-otlp-grpc-stream");

    private final IngestMetrics metrics;
    private final LongSupplier nanoTime;
    private final Map<String, LogWindow> windows = new ConcurrentHashMap<>();

    GrpcRefusals(IngestMetrics metrics, LongSupplier nanoTime) {
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /** Follows each stream to its end. */
    ServerStreamTracer.Factory tracerFactory() {
        return new ServerStreamTracer.Factory() {
            @Override
            public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
                return new StreamRecord(fullMethodName);
            }
        };
    }

    /** Marks the streams a service answered, so their status is not taken for a refusal. */
    ServerInterceptor answeredMarker() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                             ServerCallHandler<Q, R> next) {
                StreamRecord stream = STREAM.get();
                return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        if (stream != null) {
                            stream.answered = true;
                        }
                        super.close(status, trailers);
                    }
                }, headers);
            }
        };
    }

    /** A connection the server ended with an HTTP/2 error, e.g. {@code goaway_protocol_error}. */
    void connectionRefused(String reason, String peer, String debugData) {
        refused(reason, "OTLP/gRPC connection from " + peer + " refused with " + reason
                + (debugData.isEmpty() ? "" : ": " + debugData));
    }

    /** A call refused before a service could act on it (the status grpc-java or the message reader named). */
    void streamRefused(String method, Status status) {
        String reason = status.getCode().name().toLowerCase(Locale.ROOT);
        refused(reason, "OTLP/gRPC call " + method + " refused with " + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription()));
    }

    private void refused(String reason, String message) {
        metrics.grpcRefused(reason);
        LogWindow window = windows.computeIfAbsent(reason, r -> new LogWindow());
        long suppressed = window.admit(nanoTime.getAsLong());
        if (suppressed >= 0) {
            LOG.log(Level.WARNING, message + (suppressed > 0
                    ? " (" + suppressed + " more of this kind in the last " + LOG_INTERVAL.toMinutes() + " min)" : ""));
        }
    }

    private final class StreamRecord extends ServerStreamTracer {
        private final String method;
        private volatile boolean answered;

        StreamRecord(String method) {
            this.method = method;
        }

        @Override
        public Context filterContext(Context context) {
            return context.withValue(STREAM, this);
        }

        @Override
        public void streamClosed(Status status) {
            if (status.isOk() || answered || CLIENT_ENDED.contains(status.getCode())) {
                return;
            }
            streamRefused(method, status);
        }
    }

    /** One warning per interval; counts what it held back. */
    private final class LogWindow {
        private long held;
        private long lastLogged = Long.MIN_VALUE;

        /** @return how many were held back since the last warning, or -1 if this one is held back too */
        synchronized long admit(long now) {
            if (lastLogged != Long.MIN_VALUE && now - lastLogged < LOG_INTERVAL.toNanos()) {
                held++;
                return -1;
            }
            lastLogged = now;
            long count = held;
            held = 0;
            return count;
        }
    }
}
