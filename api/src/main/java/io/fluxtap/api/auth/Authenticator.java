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

    /** False when {@code fluxtap.auth.enabled} is off: listeners then do not call {@link #check}. */
    boolean enabled();

    /**
     * @param authorization the {@code Authorization} value as sent ({@code Bearer ftk_...}), null when absent
     * @param needed        the scope of the route
     */
    AccessCheck check(String authorization, Scope needed);
}
