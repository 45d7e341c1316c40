package io.fluxtap.api.levels;

import io.fluxtap.api.Level;
import java.time.Instant;
import java.util.Objects;

/**
 * The level a service is held to now: its override's, else the configured default; what senders poll.
 *
 * @param expiresAt when the override ends (null: no override, or one without expiry)
 * @param version   the version of the service's last change (0: never changed since start)
 * @param override  the override in force, or null when the default applies
 */
public record ServiceLevel(String service, Level level, Instant expiresAt, long version, LevelOverride override) {

    public ServiceLevel {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(level, "level");
    }
}
