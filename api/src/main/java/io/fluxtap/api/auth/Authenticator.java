package io.fluxtap.api.auth;

/**
 * Decides whether a request's credential may do what the request does. The server has one (dist's access control);
 * each listener asks it with the request's {@code Authorization} value (HTTP header, gRPC metadata {@code
 * authorization}) and the scope its route needs. A container without one, or with it disabled, serves everyone as
 * before access control existed.
 */
public interface Authenticator {

    /**
     * The key under which the HTTP listener registers the accepted token's name in the request's context (Helidon's
     * {@code Contexts.context()} inside a resource), so audit records can name who acted.
     */
    String TOKEN_CONTEXT_KEY = "fluxtap.auth.token";

    /**
     * The key under which the HTTP listener registers the client's address (as {@link IngestRateLimit#senderAddress}
     * writes it) in the request's context, on every route of the API port, access control on or off: the audit trail
     * names it when the module auditing has no request object of its own.
     */
    String CLIENT_ADDRESS_CONTEXT_KEY = "fluxtap.auth.client-address";

    /** False when {@code fluxtap.auth.enabled} is off: listeners then do not call {@link #check}. */
    boolean enabled();

    /**
     * @param authorization the {@code Authorization} value as sent ({@code Bearer ftk_...}), null when absent
     * @param needed        the scope of the route
     */
    AccessCheck check(String authorization, Scope needed);
}
