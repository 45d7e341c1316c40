package io.fluxtap.dist.auth;

import io.fluxtap.api.auth.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * A dashboard user as stored: never the password, only its PBKDF2-HMAC-SHA256 with the salt and iteration count it
 * was made with (so raising the count later leaves existing passwords readable).
 *
 * @param salt 16 random bytes, Base64
 * @param hash the 32-byte derived key, Base64
 */
public record DashboardAccount(String name, Role role, Instant created, int iterations, String salt, String hash) {

    public DashboardAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
    }
}
