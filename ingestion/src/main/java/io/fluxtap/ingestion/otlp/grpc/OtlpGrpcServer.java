package io.fluxtap.ingestion.otlp.grpc;

import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.api.auth.IngestRateLimit;
import io.grpc.DecompressorRegistry;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves OTLP/gRPC (port 4317) with grpc-java's Netty transport, which speaks HTTP/2 as every gRPC client
 * sends it; Helidon 4.1.6's HTTP/2 layer answered GOAWAY(PROTOCOL_ERROR) to the gRPC C-core's header blocks.
 * Starts after the lanes on application start and stops before they drain, so no record arrives while they do.
 *
 * <p>With access control on (an enabled {@link Authenticator} in the container), every call needs an {@code ingest}
 * token in its {@code authorization} metadata ({@link GrpcAccess}).
 *
 * <p>The message size limit is OTLP's request limit ({@code fluxtap.otlp.max-request-bytes}); grpc-java applies it
 * to the message as sent and again while decompressing, and answers RESOURCE_EXHAUSTED beyond it.
 */
@ApplicationScoped
public class OtlpGrpcServer {

    private static final Logger LOG = System.getLogger(OtlpGrpcServer.class.getName());
    /** In-flight exports wait at most the WAL's acknowledgement timeout (10 s by default) for their answer. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);

    private final OtlpGrpcReceiver receiver;
    private final GrpcRefusals refusals;
    private final String host;
    private final int port;
    private final int maxMessageBytes;
    private final Instance<Authenticator> auth;
    private final Instance<IngestRateLimit> limits;
    private Server server;
    private ExecutorService calls;

    @Inject
    public OtlpGrpcServer(OtlpGrpcReceiver receiver,
                          @ConfigProperty(name = "fluxtap.host", defaultValue = "127.0.0.1") String host,
                          @ConfigProperty(name = "fluxtap.otlp.grpc.port", defaultValue = "4317") int port,
                          @ConfigProperty(name = "fluxtap.otlp.max-request-bytes", defaultValue = "16777216")
                          long maxRequestBytes,
                          Instance<Authenticator> auth, Instance<IngestRateLimit> limits) {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("fluxtap.otlp.max-request-bytes must be positive, was " + maxRequestBytes);
        }
        this.receiver = receiver;
        this.refusals = receiver.refusals();
        this.host = host;
        this.port = port;
        this.maxMessageBytes = (int) Math.min(maxRequestBytes, Integer.MAX_VALUE);
        this.auth = auth;
        this.limits = limits;
    }

    /** After the lanes' own start observer (default priority), so the first export finds them running. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) @Initialized(ApplicationScoped.class) Object ignored) {
        start();
    }

    /** Before the lanes drain (their observer has the default priority). */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stop();
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        // Exports block until the WAL acknowledges; a virtual thread each keeps Netty's event loops free.
        calls = Executors.newVirtualThreadPerTaskExecutor();
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(host, port), InternalNettyServerCredentials.create(new Watched()))
                .executor(calls)
                .maxInboundMessageSize(maxMessageBytes)
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new LazyGzip(), true))
                .addStreamTracerFactory(refusals.tracerFactory())
                .intercept(refusals.answeredMarker());
        // The server's Authenticator (dist) when there is one and it is on; ingestion's own tests run without.
        Authenticator access = auth.isResolvable() && auth.get().enabled() ? auth.get() : null;
        IngestRateLimit limit = limits.isResolvable() && limits.get().enabled() ? limits.get() : null;
        for (ServerServiceDefinition service : receiver.services()) {
            builder.addService(access == null && limit == null ? service
                    : ServerInterceptors.intercept(service, new GrpcAccess(access, limit)));
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            calls.close();
            throw new UncheckedIOException("cannot listen for OTLP/gRPC on " + host + ":" + port, e);
        }
        LOG.log(Level.INFO, "OTLP/gRPC receiver listening on " + host + ":" + port());
    }

    /** Refuses new calls at once, lets the running ones answer, then closes what is left. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "OTLP/gRPC calls still running after " + SHUTDOWN_GRACE.toSeconds()
                        + " s of shutdown; closing them");
                server.shutdownNow().awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.close();
            server = null;
        }
        LOG.log(Level.INFO, "OTLP/gRPC receiver stopped");
    }

    /** The bound port (the configured one, or the one picked for port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the OTLP/gRPC server is not running");
        }
        return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
    }

    /**
     * Plaintext HTTP/2 (h2c with prior knowledge, as gRPC clients speak it) with a {@link GoAwayWatcher} between
     * the HTTP/2 codec and the socket. grpc-java offers no public hook into the connection's pipeline, hence
     * its Internal* negotiator API (stable within the grpc version Helidon's BOM pins).
     */
    private final class Watched implements InternalProtocolNegotiator.ProtocolNegotiator {
        private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();

        @Override
        public AsciiString scheme() {
            return plaintext.scheme();
        }

        @Override
        public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
            ChannelHandler negotiation = plaintext.newHandler(grpcHandler);
            return new ChannelHandlerAdapter() {
                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    ctx.pipeline().addBefore(ctx.name(), null, new GoAwayWatcher(refusals));
                    ctx.pipeline().replace(this, null, negotiation);
                }
            };
        }

        @Override
        public void close() {
            plaintext.close();
        }
    }
}
