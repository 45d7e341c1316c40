package io.fluxtap.dist.web;

import io.fluxtap.api.web.HttpGuard;
import io.fluxtap.api.web.Refusal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@link HttpGuard} and {@link io.fluxtap.api.web.SecurityHeaders} on one Helidon socket. Filters run before every
 * route of their routing (JAX-RS, health, metrics, the OTLP service alike), so no endpoint can be added unguarded.
 */
final class GuardFilter implements Filter {

    /** What browser exporters send beside the body; a preflight asking for more is answered without them. */
    private static final String CORS_HEADERS = "content-type, content-encoding, traceparent, tracestate";

    private final HttpGuard guard;
    private final Map<String, String> headers;
    private final boolean cors;

    /**
     * @param cors true on the OTLP/HTTP socket: origins of {@code fluxtap.http.cors-allowed-origins} may post, and
     *             their preflights are answered here
     */
    GuardFilter(HttpGuard guard, Map<String, String> headers, boolean cors) {
        this.guard = guard;
        this.headers = Map.copyOf(headers);
        this.cors = cors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        headers.forEach(response::header);
        ServerRequestHeaders requestHeaders = request.headers();
        String origin = requestHeaders.first(HeaderNames.ORIGIN).orElse(null);
        Optional<Refusal> refusal = guard.check(request.prologue().method().text(),
                requestHeaders.first(HeaderNames.HOST).orElse(null), origin,
                requestHeaders.contains(HeaderNames.UPGRADE), cors);
        if (refusal.isPresent()) {
            response.status(refusal.get().status());
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.send((refusal.get().message() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (cors && guard.corsAllowed(origin)) {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.header(HeaderNames.VARY, "Origin");
            if (request.prologue().method() == Method.OPTIONS
                    && requestHeaders.contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
                response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST");
                response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, CORS_HEADERS);
                response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
                response.status(204);
                response.send();
                return;
            }
        }
        chain.proceed();
    }
}
