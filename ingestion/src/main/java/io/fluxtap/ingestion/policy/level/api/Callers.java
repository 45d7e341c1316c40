package io.fluxtap.ingestion.policy.level.api;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Who made a request: the remote address until access control exists (then the token's name). */
final class Callers {

    /** The request property Helidon's JAX-RS integration stores the peer's address in. */
    private static final String REMOTE_HOST = "io.helidon.jaxrs.remote-host";

    private Callers() {
    }

    static String of(ContainerRequestContext request) {
        Object host = request == null ? null : request.getProperty(REMOTE_HOST);
        return host == null ? "unknown" : host.toString();
    }
}
