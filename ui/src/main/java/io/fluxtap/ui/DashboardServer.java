package io.fluxtap.ui;

import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.tls.ReloadingServerTls;
import io.fluxtap.api.tls.ServerTlsSettings;
import io.fluxtap.api.web.HttpGuard;
import com.vaadin.flow.server.InitParameters;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.jetty.ee11.servlet.ErrorHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Vaadin dashboard on an embedded Jetty, in the same JVM as the REST server. In the server it starts
 * when the CDI application scope starts and stops with it; tests construct and start it directly.
 *
 * <p>There is no no-argument constructor for the client proxy: Helidon runs Weld with relaxed construction.
 */
@ApplicationScoped
public class DashboardServer {

    private static final System.Logger LOG = System.getLogger(DashboardServer.class.getName());
    private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    public static final String SESSION_TIMEOUT_KEY = "fluxtap.dashboard.session-timeout";
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);

    private final String host;
    private final int requestedPort;
    private final DashboardContext context;
    private final HttpGuard guard;
    private final ServerTlsSettings tlsSettings;
    private ReloadingServerTls tls;
    private final Duration sessionTimeout;
    private Server jetty;

    @Inject
    public DashboardServer(@ConfigProperty(name = "fluxtap.host", defaultValue = "127.0.0.1") String host,
                           @ConfigProperty(name = "fluxtap.ui.port", defaultValue = "8090") int port,
                           @ConfigProperty(name = "fluxtap.ui.refresh-seconds", defaultValue = "5") int refreshSeconds,
                           @ConfigProperty(name = HttpGuard.ALLOWED_HOSTS_KEY) Optional<String> allowedHosts,
                           @ConfigProperty(name = SESSION_TIMEOUT_KEY, defaultValue = "30m") Duration sessionTimeout,
                           Instance<Object> beans,
                           Config config) {
        // fluxtap.http.cors-allowed-origins is for OTLP/HTTP only: no other site's page may drive the dashboard.
        this(host, port, Duration.ofSeconds(refreshSeconds), new CdiServiceLookup(beans),
                HttpGuard.fromSettings(allowedHosts.orElse(""), host, ""), sessionTimeout,
                ServerTlsSettings.from(key -> config.getOptionalValue(ServerTlsSettings.PREFIX + key, String.class)));
    }

    public DashboardServer(String host, int port, ServiceLookup services) {
        this(host, port, DEFAULT_REFRESH, services);
    }

    /**
     * @param port 0 for any free port; {@link #port()} then tells which one was bound
     */
    public DashboardServer(String host, int port, Duration refreshInterval, ServiceLookup services) {
        this(host, port, refreshInterval, services, HttpGuard.fromSettings("", host, ""));
    }

    /**
     * @param guard the Host and Origin rules every request passes first
     */
    public DashboardServer(String host, int port, Duration refreshInterval, ServiceLookup services, HttpGuard guard) {
        this(host, port, refreshInterval, services, guard, DEFAULT_SESSION_TIMEOUT, ServerTlsSettings.off());
    }

    /**
     * @param sessionTimeout how long a signed-in session may stay idle (used only when a login is required)
     */
    public DashboardServer(String host, int port, Duration refreshInterval, ServiceLookup services, HttpGuard guard,
                           Duration sessionTimeout) {
        this(host, port, refreshInterval, services, guard, sessionTimeout, ServerTlsSettings.off());
    }

    /**
     * @param sessionTimeout how long a signed-in session may stay idle (used only when a login is required)
     * @param tls            served over https with these files when on ({@code fluxtap.tls.client-auth} is for the
     *                       ingest listeners, not the dashboard's browsers)
     */
    public DashboardServer(String host, int port, Duration refreshInterval, ServiceLookup services, HttpGuard guard,
                           Duration sessionTimeout, ServerTlsSettings tls) {
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || sessionTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(SESSION_TIMEOUT_KEY + " must be positive, was " + sessionTimeout);
        }
        this.sessionTimeout = sessionTimeout;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        this.host = Objects.requireNonNull(host, "host");
        this.requestedPort = port;
        this.context = new DashboardContext(services, refreshInterval);
        this.guard = Objects.requireNonNull(guard, "guard");
        this.tlsSettings = Objects.requireNonNull(tls, "tls");
    }

    void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    /**
     * Binds the port and initialises Vaadin before returning, so a failure (e.g. the port is taken) stops
     * the server's start-up instead of surfacing at the first page view.
     *
     * @throws IllegalStateException when Jetty cannot start
     */
    public synchronized void start() {
        if (jetty != null) {
            return;
        }
        long began = System.nanoTime();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("fluxtap-ui");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (tlsSettings.enabled()) {
            // A bad certificate or key file stops the start here, with the file named.
            tls = new ReloadingServerTls(tlsSettings, "dashboard", false);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            // Our context reads (and reloads) the PEM files; Jetty's own keystore loading stays unused.
            ssl.setSslContext(tls.sslContext());
            // Marks requests secure (session cookies get Secure). Jetty's SNI host check needs its own keystore's
            // aliases, which a given context does not have, and the browser checks the name anyway.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
            tls.startPolling();
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(requestedPort);
        server.addConnector(connector);
        server.setErrorHandler(withoutStacks(new org.eclipse.jetty.server.handler.ErrorHandler()));
        server.setHandler(new DashboardGuard(guard, servletContext()));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            closeTls();
            throw new IllegalStateException("cannot start the dashboard on " + host + ":" + requestedPort, e);
        }
        jetty = server;
        LOG.log(System.Logger.Level.INFO, "Dashboard at {0} (started in {1} ms)",
                uri(), (System.nanoTime() - began) / 1_000_000);
    }

    private ServletContextHandler servletContext() {
        ServletContextHandler handler = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        // Scripts never need the session id, and no other site's request may carry it: with a login the session is
        // the credential. Strict rather than Lax: a link from elsewhere (a Slack alert) then arrives signed out and
        // shows the login page once, where Lax would let a cross-site top-level GET ride on the session.
        handler.getSessionHandler().setHttpOnly(true);
        handler.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
        // Secure on the cookie exactly when the request came over TLS (a plain-HTTP cookie marked Secure would never
        // come back, and the browser could not sign in on loopback).
        handler.getSessionHandler().setSecureRequestOnly(true);
        ServletHolder vaadin = new ServletHolder("vaadin", DashboardServlet.class);
        if (loginRequired()) {
            handler.getSessionHandler().setMaxInactiveInterval(Math.toIntExact(sessionTimeout.toSeconds()));
            // Heartbeats alone (an open tab) must not keep a signed-in session alive past its timeout.
            vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_CLOSE_IDLE_SESSIONS, "true");
        }
        handler.setErrorHandler(withoutStacks(new ErrorHandler()));
        // Vaadin loads routes and resources through the context class loader; make it ours, not the caller's.
        handler.setClassLoader(DashboardServer.class.getClassLoader());
        handler.setBaseResource(StaticResources.fromClassPath(ResourceFactory.of(handler), handler.getClassLoader()));
        handler.setAttribute(DashboardContext.ATTRIBUTE, context);
        VaadinInitializers.addTo(handler);
        // There is no Vaadin dev server on the class path, so production mode is the only one that works,
        // whatever flow-build-info.json says.
        vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_PRODUCTION_MODE, "true");
        vaadin.setInitOrder(1);
        // Push by long polling holds a request open until there is something to send.
        vaadin.setAsyncSupported(true);
        handler.addServlet(vaadin, "/*");
        return handler;
    }

    /** Jetty's error pages may show the exception's stack and class; a caller learns nothing from them. */
    private static <T extends org.eclipse.jetty.server.handler.ErrorHandler> T withoutStacks(T handler) {
        handler.setShowStacks(false);
        handler.setShowCauses(false);
        handler.setShowMessageInTitle(false);
        handler.setShowOrigin(false);
        return handler;
    }

    /** Whether the server offers a login that is required (access control on); decided once, at start. */
    private boolean loginRequired() {
        return context.services().all(DashboardLogin.class).stream().anyMatch(DashboardLogin::required);
    }

    @PreDestroy
    public synchronized void stop() {
        if (jetty != null) {
            stopQuietly(jetty);
            closeTls();
            jetty = null;
            LOG.log(System.Logger.Level.INFO, "Dashboard stopped");
        }
    }

    private void closeTls() {
        if (tls != null) {
            tls.close();
            tls = null;
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Dashboard did not stop cleanly", e);
        }
    }

    /** The bound port. */
    public synchronized int port() {
        if (jetty == null) {
            throw new IllegalStateException("the dashboard is not running");
        }
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** Where a browser reaches the dashboard, e.g. {@code http://127.0.0.1:8090/} ({@code https} with TLS on). */
    public URI uri() {
        return URI.create(tlsSettings.httpScheme() + "://" + uriHost() + ":" + port() + "/");
    }

    private String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
