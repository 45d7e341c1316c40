package io.fluxtap.ingestion.otlp.grpc;

import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.api.auth.Scope;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Access control on OTLP/gRPC: every call needs a token with the {@code ingest} scope in its {@code authorization}
 * metadata ({@code Bearer ftk_...}, what {@code OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer ...} sends).
 * A refused call is closed before its listener exists, so its message is never decoded nor stored:
 * UNAUTHENTICATED without a valid token, PERMISSION_DENIED with one that lacks the scope.
 */
final class GrpcAccess implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Authenticator auth;

    GrpcAccess(Authenticator auth) {
        this.auth = auth;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                        ServerCallHandler<Q, A> next) {
        AccessCheck check = auth.check(headers.get(AUTHORIZATION), Scope.INGEST);
        if (check.allowed()) {
            return next.startCall(call, headers);
        }
        Status status = check.outcome() == AccessCheck.Outcome.UNAUTHENTICATED ? Status.UNAUTHENTICATED
                : Status.PERMISSION_DENIED;
        call.close(status.withDescription(check.message()), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
