package io.fluxtap.ingestion.otlp.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.api.auth.IngestRateLimit;
import io.fluxtap.api.auth.Scope;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * Access control and rate limits on OTLP/gRPC.
 * <p>With an {@link Authenticator}, every call needs a token with the {@code ingest} scope in its {@code
 * authorization} metadata ({@code Bearer ftk_...}, what {@code OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer ...}
 * sends). A refused call is closed before its listener exists, so its message is never decoded nor stored:
 * UNAUTHENTICATED without a valid token, PERMISSION_DENIED with one that lacks the scope.
 * <p>With an {@link IngestRateLimit}, the call is charged to its sender (the token, else the client's address) when it
 * starts and its message's bytes when the message arrives, before the receiver sees it; over the limit the call ends
 * RESOURCE_EXHAUSTED with a {@code RetryInfo} detail, which OTLP exporters honour.
 */
final class GrpcAccess implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Authenticator auth;
    private final IngestRateLimit limits;

    /**
     * @param auth   null when access control is off
     * @param limits null when no rate limit is set
     */
    GrpcAccess(Authenticator auth, IngestRateLimit limits) {
        this.auth = auth;
        this.limits = limits;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                        ServerCallHandler<Q, A> next) {
        String sender = null;
        if (auth != null) {
            AccessCheck check = auth.check(headers.get(AUTHORIZATION), Scope.INGEST);
            if (!check.allowed()) {
                Status status = check.outcome() == AccessCheck.Outcome.UNAUTHENTICATED ? Status.UNAUTHENTICATED
                        : Status.PERMISSION_DENIED;
                call.close(status.withDescription(check.message()), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            sender = check.token();
        }
        if (limits == null) {
            return next.startCall(call, headers);
        }
        String charged = sender != null ? sender
                : IngestRateLimit.senderAddress(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Optional<IngestRateLimit.Refusal> refusal = limits.admit(charged, 1, 0);
        if (refusal.isPresent()) {
            refuse(call, refusal.get());
            return new ServerCall.Listener<>() {
            };
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                long bytes = message instanceof OtlpGrpcReceiver.Incoming in && in.bytes() != null
                        ? in.bytes().length : 0;
                Optional<IngestRateLimit.Refusal> over = limits.admit(charged, 0, bytes);
                if (over.isPresent()) {
                    refused = true;
                    refuse(call, over.get());
                    return;
                }
                super.onMessage(message);
            }

            // Once refused, the call is closed: the receiver must not hear of it again (a unary call answers
            // at half-close, and with no message it would answer once more).
            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }

    private static void refuse(ServerCall<?, ?> call, IngestRateLimit.Refusal refusal) {
        StatusRuntimeException status = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage(refusal.message())
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(refusal.retryAfterSeconds())).build()))
                .build());
        call.close(status.getStatus(), status.getTrailers());
    }
}
