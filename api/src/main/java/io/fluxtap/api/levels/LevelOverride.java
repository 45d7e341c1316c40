package io.fluxtap.api.levels;

import io.fluxtap.api.Level;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator's minimum level for one service: records of that service below {@code level} are dropped at ingest
 * until {@code expiresAt}.
 *
 * @param service   the service ({@code entity_name}, OTel {@code service.name})
 * @param setBy     who set it (the caller's remote address until access control exists)
 * @param expiresAt null when it lasts until cleared (only for levels above DEBUG)
 * @param version   the change counter the override was set at; every change to any service takes a new one
 * @param throttled whether the verbose rate guard dropped records of the service in the last seconds
 */
public record LevelOverride(String service, Level level, String reason, String setBy, Instant setAt,
                            Instant expiresAt, long version, boolean throttled) {

    public LevelOverride {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(setAt, "setAt");
        reason = reason == null ? "" : reason;
        setBy = setBy == null ? "" : setBy;
    }

    public LevelOverride withThrottled(boolean now) {
        return now == throttled ? this : new LevelOverride(service, level, reason, setBy, setAt, expiresAt, version, now);
    }

    /** TRACE and DEBUG: the levels that need a TTL and fall under the rate guard. */
    public static boolean isVerbose(Level level) {
        return level == Level.TRACE || level == Level.DEBUG;
    }
}
