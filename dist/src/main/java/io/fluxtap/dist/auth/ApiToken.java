package io.fluxtap.dist.auth;

import io.fluxtap.api.auth.Scope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One API token as the server keeps it: never the secret, only its HMAC.
 *
 * @param id        the secret's public part ({@code ftk_<id>_...}), by which a request's token is found
 * @param name      unique, what the admin API and the audit records call it
 * @param created   when it was made
 * @param lastUsed  the last request it was accepted for (kept to {@link TokenBook#LAST_USED_STEP}); null if never
 * @param expiresAt when it stops being accepted; null for never
 * @param hash      base64 of HMAC-SHA256(server key, secret)
 */
public record ApiToken(String id, String name, Set<Scope> scopes, Instant created, Instant lastUsed,
                       Instant expiresAt, String hash) {

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(hash, "hash");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    ApiToken usedAt(Instant when) {
        return new ApiToken(id, name, scopes, created, when, expiresAt, hash);
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
