package io.fluxtap.api.levels;

import io.fluxtap.api.Level;
import java.time.Duration;
import java.util.List;

/**
 * Sets and reads the per-service minimum levels of ingest, and Fluxtap's own logger levels. Every change is audited
 * by the implementation (a log record of {@code entity_name = 'fluxtap'}, {@code gear_id = 'levels'}). Safe for
 * concurrent use.
 *
 * <pre>{@code
 * LevelOverride o = levels.set("checkout", Level.DEBUG, Duration.ofMinutes(15), "incident 42", "10.0.0.7");
 * levels.level("checkout").level();   // DEBUG until o.expiresAt(), then the default
 * levels.clear("checkout", "10.0.0.7");
 * }</pre>
 */
public interface LevelControl {

    /** The level of services without an override. */
    Level defaultLevel();

    /** The TTL a TRACE or DEBUG override gets when none is given. */
    Duration defaultVerboseTtl();

    /** The longest TTL a TRACE or DEBUG override may have. */
    Duration maxVerboseTtl();

    /** Every override in force, by service name. */
    List<LevelOverride> overrides();

    /** What the service is held to now. */
    ServiceLevel level(String service);

    /**
     * Sets the service's minimum level.
     *
     * @param ttl    how long it lasts; null for TRACE/DEBUG takes {@link #defaultVerboseTtl()}, for other levels
     *               means until cleared
     * @param caller who asks (audited)
     * @throws LevelRequestException naming the field when the change is refused; then nothing changed
     */
    LevelOverride set(String service, Level level, Duration ttl, String reason, String caller);

    /** Returns the service to the default; true when it had an override. */
    boolean clear(String service, String caller);

    /** Fluxtap's own loggers that exist in this JVM, root first, then by name. */
    List<LoggerLevel> loggers();

    /**
     * Sets one of Fluxtap's own loggers ({@code ""} or {@code "root"}: the root logger); null level: inherit.
     *
     * @throws LevelRequestException when the name is not a valid logger name
     */
    LoggerLevel setLogger(String name, Level level, String caller);
}
