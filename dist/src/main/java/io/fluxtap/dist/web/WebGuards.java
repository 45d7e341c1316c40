package io.fluxtap.dist.web;

import io.fluxtap.api.web.HttpGuard;
import io.fluxtap.api.web.SecurityHeaders;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts a {@link GuardFilter} on both Helidon sockets (the API on {@code fluxtap.http.port}, OTLP/HTTP on
 * {@code fluxtap.otlp.http.port}) before Helidon builds their routings. The dashboard's Jetty has its own guard
 * ({@code ui} module); OTLP/gRPC is not HTTP/1 and no browser can reach it without a proxy.
 */
@ApplicationScoped
public class WebGuards {

    private final HttpGuard guard;

    /**
     * @throws IllegalArgumentException for a malformed setting, so the server does not start with a guard other
     *                                  than the one configured
     */
    @Inject
    public WebGuards(@ConfigProperty(name = HttpGuard.ALLOWED_HOSTS_KEY, defaultValue = "") String allowedHosts,
                     @ConfigProperty(name = "fluxtap.host", defaultValue = "127.0.0.1") String host,
                     @ConfigProperty(name = HttpGuard.CORS_ORIGINS_KEY, defaultValue = "") String corsOrigins) {
        this.guard = HttpGuard.fromSettings(allowedHosts, host, corsOrigins);
    }

    /** Helidon starts its server at {@code PLATFORM_AFTER + 100}; the filters must be in the routings by then. */
    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                 Object event, BeanManager beans) {
        ServerCdiExtension server = beans.getExtension(ServerCdiExtension.class);
        server.serverRoutingBuilder().addFilter(new GuardFilter(guard, SecurityHeaders.API, false));
        server.serverNamedRoutingBuilder("otlp").addFilter(new GuardFilter(guard, SecurityHeaders.API, true));
    }
}
