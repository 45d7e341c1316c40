package io.fluxtap.tools.loadgen.transport;

import io.fluxtap.tools.loadgen.source.Payload;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/gRPC over plaintext HTTP/2 with grpc-java. Each of the {@code connections} channels holds one HTTP/2
 * connection, and requests take them in turn, so "N connections" means the same here as over HTTP/1.1.
 *
 * <p>The payload is already the encoded Export request, so the call carries bytes as they are: decoding
 * them into a message only for grpc-java to encode them again would load the generator, not the server.
 * gRPC statuses are reported as their HTTP equivalents (the grpc-gateway mapping: UNAVAILABLE is 503,
 * RESOURCE_EXHAUSTED is 429, ...) so that the summary reads the same for both protocols; the message names
 * the gRPC code.
 */
public final class OtlpGrpcTransport implements Transport {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final String target;
    private final MethodDescriptor<byte[], byte[]> method;
    private final boolean gzip;
    private final Duration timeout;
    private final ResponseReader reader;
    private final List<ManagedChannel> channels;
    private final AtomicLong turn = new AtomicLong();

    /** @param fullMethodName e.g. {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} */
    public OtlpGrpcTransport(String host, int port, String fullMethodName, int connections, boolean gzip,
                             Duration timeout, ResponseReader reader) {
        this.target = "grpc://" + host + ":" + port + "/" + fullMethodName;
        this.method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullMethodName)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        this.gzip = gzip;
        this.timeout = timeout;
        this.reader = reader;
        List<ManagedChannel> built = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            built.add(Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()).build());
        }
        this.channels = List.copyOf(built);
    }

    @Override
    public Reply send(Payload payload) throws IOException {
        ManagedChannel channel = channels.get((int) (turn.getAndIncrement() % channels.size()));
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (gzip) {
            options = options.withCompression("gzip");
        }
        byte[] response;
        try {
            response = ClientCalls.blockingUnaryCall(channel, method, options, payload.body());
        } catch (StatusRuntimeException e) {
            return failure(e.getStatus());
        }
        try {
            return reader.read(200, response, false);
        } catch (IOException e) {
            return new Reply(200, 0, "unreadable response: " + e.getMessage());
        }
    }

    /** An error status, or an IOException when the call never got an answer from the server. */
    private Reply failure(Status status) throws IOException {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
        Throwable cause = status.getCause();
        if (cause instanceof ConnectException) {
            // grpc-netty-shaded wraps it in its own subclass; the plain type keeps the summary readable.
            throw new ConnectException(cause.getMessage());
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        String message = "gRPC " + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
        return new Reply(httpEquivalent(status.getCode()), 0, message);
    }

    static int httpEquivalent(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 499;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
        };
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels) {
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
