package io.fluxtap.api.auth;

import java.util.Objects;

/**
 * The answer to one request's credential.
 *
 * @param outcome what the listener does with the request
 * @param token   the token's name when one was recognised (also when it lacks the scope), else null
 * @param message one line for the caller when refused (it never repeats the secret), empty when allowed
 */
public record AccessCheck(Outcome outcome, String token, String message) {

    public enum Outcome {
        ALLOWED,
        /** No credential, an unknown one, a revoked or an expired one: HTTP 401, gRPC UNAUTHENTICATED. */
        UNAUTHENTICATED,
        /** A valid token without the scope the request needs: HTTP 403, gRPC PERMISSION_DENIED. */
        FORBIDDEN
    }

    public AccessCheck {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static AccessCheck allowed(String token) {
        return new AccessCheck(Outcome.ALLOWED, token, "");
    }

    public static AccessCheck unauthenticated(String message) {
        return new AccessCheck(Outcome.UNAUTHENTICATED, null, message);
    }

    public static AccessCheck forbidden(String token, String message) {
        return new AccessCheck(Outcome.FORBIDDEN, token, message);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
