package io.fluxtap.ingestion.policy.level.api;

import io.fluxtap.api.auth.Authenticator;
import io.helidon.common.context.Contexts;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Who made a request: the remote address, preceded by the token's name when access control accepted one
 * ({@code ci-admin from 10.0.0.7}).
 */
final class Callers {

    /** The request property Helidon's JAX-RS integration stores the peer's address in. */
    private static final String REMOTE_HOST = "io.helidon.jaxrs.remote-host";

    private Callers() {
    }

    static String of(ContainerRequestContext request) {
        Object host = request == null ? null : request.getProperty(REMOTE_HOST);
        String from = host == null ? "unknown" : host.toString();
        return Contexts.context().flatMap(c -> c.get(Authenticator.TOKEN_CONTEXT_KEY, String.class))
                .map(token -> token + " from " + from).orElse(from);
    }
}
