package io.fluxtap.dist.web;

import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.api.auth.IngestRateLimit;
import io.fluxtap.api.auth.RouteScopes;
import io.fluxtap.api.auth.Scope;
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
 * {@link HttpGuard}, {@link io.fluxtap.api.web.SecurityHeaders} and access control on one Helidon socket. Filters run
 * before every route of their routing (JAX-RS, health, metrics, the OTLP service alike), so no endpoint can be added
 * unguarded: with access control on, the request's token must carry the scope {@link RouteScopes} names for its
 * method and path ({@code admin} for a path the table does not know), else 401 or 403 before any route runs, so
 * nothing of a refused request is stored.
 */
final class GuardFilter implements Filter {

    /** What browser exporters send beside the body; a preflight asking for more is answered without them. */
    private static final String CORS_HEADERS = "content-type, content-encoding, traceparent, tracestate";

    private final HttpGuard guard;
    private final Map<String, String> headers;
    private final boolean cors;
    private final Authenticator auth;
    private final RouteScopes routes;
    private final IngestRateLimit limits;

    /**
     * @param cors true on the OTLP/HTTP socket: origins of {@code fluxtap.http.cors-allowed-origins} may post, and
     *             their preflights are answered here
     */
    GuardFilter(HttpGuard guard, Map<String, String> headers, boolean cors, Authenticator auth, RouteScopes routes,
                IngestRateLimit limits) {
        this.guard = guard;
        this.limits = limits;
        this.headers = Map.copyOf(headers);
        this.cors = cors;
        this.auth = auth;
        this.routes = routes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        headers.forEach(response::header);
        ServerRequestHeaders requestHeaders = request.headers();
        String origin = requestHeaders.first(HeaderNames.ORIGIN).orElse(null);
        Optional<Refusal> refusal = guard.check(request.prologue().method().text(),
                requestHeaders.first(HeaderNames.HOST).orElse(null), origin,
                requestHeaders.contains(HeaderNames.UPGRADE), cors, request.isSecure());
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
                // With access control on, a browser exporter must send its token: allow the header it goes in.
                response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                        auth.enabled() ? CORS_HEADERS + ", authorization" : CORS_HEADERS);
                response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
                response.status(204);
                response.send();
                return;
            }
        }
        request.context().register(Authenticator.CLIENT_ADDRESS_CONTEXT_KEY,
                IngestRateLimit.senderAddress(request.remotePeer().address()));
        if (!auth.enabled() && !limits.enabled()) {
            chain.proceed();
            return;
        }
        Optional<Scope> needed = routes.needed(request.prologue().method().text(), request.path().path());
        String token = null;
        if (auth.enabled() && needed.isPresent()) {
            AccessCheck check = auth.check(request.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                    needed.get());
            if (!check.allowed()) {
                refuse(check, needed.get(), request, response);
                return;
            }
            token = check.token();
            request.context().register(Authenticator.TOKEN_CONTEXT_KEY, token);
        }
        if (limits.enabled() && needed.equals(Optional.of(Scope.INGEST)) && !withinRate(
                token != null ? token : IngestRateLimit.senderAddress(request.remotePeer().address()), request, response)) {
            return;
        }
        chain.proceed();
    }

    /**
     * Charges the request (and its declared body length: a chunked body is charged nothing, as its size is not known
     * before it is read) to its sender; answers 429 with {@code Retry-After} and returns false when over the limit.
     */
    private boolean withinRate(String sender, RoutingRequest request, RoutingResponse response) {
        long bytes = request.headers().contentLength().orElse(0);
        Optional<IngestRateLimit.Refusal> refusal = limits.admit(sender, 1, bytes);
        if (refusal.isEmpty()) {
            return true;
        }
        response.status(429);
        response.header(HeaderNames.RETRY_AFTER, String.valueOf(refusal.get().retryAfterSeconds()));
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send((refusal.get().message() + "\n").getBytes(StandardCharsets.UTF_8));
        return false;
    }


    /** Answers 401 or 403 for a token that may not do what the request asks. */
    private void refuse(AccessCheck check, Scope needed, RoutingRequest request, RoutingResponse response) {
        boolean unauthenticated = check.outcome() == AccessCheck.Outcome.UNAUTHENTICATED;
        response.status(unauthenticated ? 401 : 403);
        // RFC 6750: the scheme always; the error code once a token was sent, and the scope that was missing.
        String challenge = "Bearer realm=\"fluxtap\"";
        if (!unauthenticated) {
            challenge += ", error=\"insufficient_scope\", scope=\"" + needed.label() + "\"";
        } else if (request.headers().contains(HeaderNames.AUTHORIZATION)) {
            challenge += ", error=\"invalid_token\"";
        }
        response.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send((check.message() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
