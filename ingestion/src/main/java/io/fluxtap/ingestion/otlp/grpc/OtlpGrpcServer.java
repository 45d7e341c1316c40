package io.fluxtap.ingestion.otlp.grpc;

import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.api.auth.IngestRateLimit;
import io.fluxtap.api.tls.ClientAuth;
import io.fluxtap.api.tls.ReloadingServerTls;
import io.fluxtap.api.tls.ServerTlsSettings;
import io.grpc.DecompressorRegistry;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
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
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves OTLP/gRPC (port 4317) with grpc-java's Netty transport, which speaks HTTP/2 as every gRPC client
 * sends it; Helidon 4.1.6's HTTP/2 layer answered GOAWAY(PROTOCOL_ERROR) to the gRPC C-core's header blocks.
 * Starts after the lanes on application start and stops before they drain, so no record arrives while they do.
 *
 * <p>With access control on (an enabled {@link Authenticator} in the container), every call needs an {@code ingest}
 * token in its {@code authorization} metadata ({@link GrpcAccess}).
 *
 * <p>With {@code fluxtap.tls.*} set it speaks gRPC over TLS (h2 by ALPN, as gRPC clients expect of an
 * {@code https} endpoint) with the files' certificate, reloaded when they change, and asks senders for a
 * certificate when {@code fluxtap.tls.client-auth} says so.
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
    private final ServerTlsSettings tlsSettings;
    private ReloadingServerTls tls;
    private Server server;
    private ExecutorService calls;

    @Inject
    public OtlpGrpcServer(OtlpGrpcReceiver receiver,
                          @ConfigProperty(name = "fluxtap.host", defaultValue = "127.0.0.1") String host,
                          @ConfigProperty(name = "fluxtap.otlp.grpc.port", defaultValue = "4317") int port,
                          @ConfigProperty(name = "fluxtap.otlp.max-request-bytes", defaultValue = "16777216")
                          long maxRequestBytes,
                          Instance<Authenticator> auth, Instance<IngestRateLimit> limits,
                          Config config) {
        this(receiver, host, port, maxRequestBytes, auth, limits, ServerTlsSettings.from(
                key -> config.getOptionalValue(ServerTlsSettings.PREFIX + key, String.class)));
    }

    /** @param tls the listeners' TLS settings ({@link ServerTlsSettings#off()} for plaintext) */
    public OtlpGrpcServer(OtlpGrpcReceiver receiver, String host, int port, long maxRequestBytes,
                          Instance<Authenticator> auth, Instance<IngestRateLimit> limits, ServerTlsSettings tls) {
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
        this.tlsSettings = tls;
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
        // A bad certificate or key file stops the start here, with the file named.
        InternalProtocolNegotiator.ProtocolNegotiator negotiator = tlsSettings.enabled()
                ? InternalProtocolNegotiators.serverTls(sslContext())
                : InternalProtocolNegotiators.serverPlaintext();
        // Exports block until the WAL acknowledges; a virtual thread each keeps Netty's event loops free.
        calls = Executors.newVirtualThreadPerTaskExecutor();
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(host, port), InternalNettyServerCredentials.create(new Watched(negotiator)))
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
            closeTls();
            throw new UncheckedIOException("cannot listen for OTLP/gRPC on " + host + ":" + port, e);
        }
        LOG.log(Level.INFO, "OTLP/gRPC receiver listening on " + host + ":" + port() + (tls == null ? ""
                : " (TLS, client certificates " + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT) + ")"));
    }

    /**
     * Netty's TLS over the JDK's engine with our reloading key (and client-trust) manager: grpc-java's shaded
     * BoringSSL would take the key manager too, but the JDK provider is the one whose behaviour the other listeners
     * share. {@link GrpcSslContexts#configure} adds ALPN {@code h2}, which gRPC clients refuse to go without.
     */
    private SslContext sslContext() {
        tls = new ReloadingServerTls(tlsSettings, "OTLP/gRPC", true);
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(tls.keyManager());
            if (tls.clientAuth() != ClientAuth.NONE) {
                builder.trustManager(tls.trustManager().orElseThrow())
                        .clientAuth(tls.clientAuth() == ClientAuth.REQUIRED
                        ? io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE
                        : io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.OPTIONAL);
            }
            SslContext context = GrpcSslContexts.configure(builder, SslProvider.JDK).build();
            tls.startPolling();
            return context;
        } catch (IOException | RuntimeException e) {
            closeTls();
            throw new IllegalStateException("OTLP/gRPC TLS: " + e.getMessage(), e);
        }
    }

    private void closeTls() {
        if (tls != null) {
            tls.close();
            tls = null;
        }
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
            closeTls();
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
     * Plaintext HTTP/2 (h2c with prior knowledge, as gRPC clients speak it) or TLS (h2), with a {@link GoAwayWatcher}
     * between the HTTP/2 codec and the socket, or under TLS between the codec and the {@link SslHandler}, where the
     * frames are still plain. grpc-java offers no public hook into the connection's pipeline, hence its Internal*
     * negotiator API (stable within the grpc version Helidon's BOM pins).
     */
    private final class Watched implements InternalProtocolNegotiator.ProtocolNegotiator {
        private final InternalProtocolNegotiator.ProtocolNegotiator plaintext;

        Watched(InternalProtocolNegotiator.ProtocolNegotiator negotiator) {
            this.plaintext = negotiator;
        }

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
                    var pipeline = ctx.pipeline();
                    if (!tlsSettings.enabled()) {
                        pipeline.addBefore(ctx.name(), null, new GoAwayWatcher(refusals));
                        pipeline.replace(this, null, negotiation);
                        return;
                    }
                    // The TLS negotiator puts its SslHandler before itself when it is added (at once: this runs on
                    // the channel's event loop), so the watcher goes right after that handler.
                    pipeline.replace(this, null, negotiation);
                    ChannelHandlerContext ssl = pipeline.context(SslHandler.class);
                    if (ssl != null) {
                        pipeline.addAfter(ssl.name(), null, new GoAwayWatcher(refusals));
                    }
                }
            };
        }

        @Override
        public void close() {
            plaintext.close();
        }
    }
}
