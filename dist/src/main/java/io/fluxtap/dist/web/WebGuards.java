package io.fluxtap.dist.web;

import io.fluxtap.api.web.HttpGuard;
import io.fluxtap.api.web.SecurityHeaders;
import io.fluxtap.api.auth.IngestRateLimit;
import io.fluxtap.dist.auth.AccessControl;
import io.fluxtap.dist.auth.limit.IngestRateLimits;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.HttpRouting;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts a {@link GuardFilter} on both Helidon sockets (the API on {@code fluxtap.http.port}, OTLP/HTTP on
 * {@code fluxtap.otlp.http.port}) before Helidon builds their routings. The dashboard's Jetty has its own guard
 * ({@code ui} module); OTLP/gRPC is not HTTP/1 and no browser can reach it without a proxy.
 */
@ApplicationScoped
public class WebGuards {

    private final HttpGuard guard;
    private final AccessControl access;
    private final IngestRateLimit limits;

    /**
     * @throws IllegalArgumentException for a malformed setting, so the server does not start with a guard other
     *                                  than the one configured
     */
    @Inject
    public WebGuards(@ConfigProperty(name = HttpGuard.ALLOWED_HOSTS_KEY) Optional<String> allowedHosts,
                     @ConfigProperty(name = "fluxtap.host", defaultValue = "127.0.0.1") String host,
                     @ConfigProperty(name = HttpGuard.CORS_ORIGINS_KEY) Optional<String> corsOrigins,
                     AccessControl access, IngestRateLimits limits) {
        this.guard = HttpGuard.fromSettings(allowedHosts.orElse(""), host, corsOrigins.orElse(""));
        this.access = access;
        this.limits = limits;
    }

    /** Helidon starts its server at {@code PLATFORM_AFTER + 100}; the filters must be in the routings by then. */
    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                 Object event, BeanManager beans) {
        ServerCdiExtension server = beans.getExtension(ServerCdiExtension.class);
        guard(server.serverRoutingBuilder(), false);
        guard(server.serverNamedRoutingBuilder("otlp"), true);
    }

    private void guard(HttpRouting.Builder routing, boolean cors) {
        routing.addFilter(new GuardFilter(guard, SecurityHeaders.API, cors, access, access.routes(), limits));
        routing.addFeature(new HeadersAgain(SecurityHeaders.API));
        // Helidon's own error answers reset the response, headers included. This one answers as Helidon's default
        // does for an HttpException (its message: "Endpoint not found", "Unsupported content encoding"), which
        // Helidon writes for callers; request-parsing errors never get here and keep Helidon's fixed text.
        routing.error(HttpException.class, (request, response, e) -> {
            SecurityHeaders.API.forEach(response::header);
            response.status(e.status());
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.send(e.getMessage() == null ? e.status().reasonPhrase() : e.getMessage());
        });
    }
}
