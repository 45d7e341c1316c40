package io.fluxtap.dist.auth;

import java.time.Instant;

/**
 * A change to the tokens, for the audit trail.
 *
 * @param action    {@code create} or {@code revoke}
 * @param scopes    comma-separated
 * @param expiresAt null for never
 * @param caller    the token (or address) that asked for it
 */
public record TokenChange(String action, String name, String scopes, Instant expiresAt, String caller) {
}
