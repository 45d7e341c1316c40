package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * The level control's configuration.
 *
 * @param defaultLevel               {@code fluxtap.levels.default}: services without an override
 * @param defaultVerboseTtl          {@code fluxtap.levels.default-verbose-ttl}: TRACE/DEBUG without a TTL
 * @param maxVerboseTtl              {@code fluxtap.levels.max-verbose-ttl}: the longest TRACE/DEBUG TTL
 * @param verboseMaxRecordsPerSecond {@code fluxtap.levels.verbose-max-records-per-second}: per service, of the
 *                                   TRACE/DEBUG records an override lets in
 */
public record LevelSettings(Level defaultLevel, Duration defaultVerboseTtl, Duration maxVerboseTtl,
                            int verboseMaxRecordsPerSecond) {

    public LevelSettings {
        Objects.requireNonNull(defaultLevel, "defaultLevel");
        Objects.requireNonNull(defaultVerboseTtl, "defaultVerboseTtl");
        Objects.requireNonNull(maxVerboseTtl, "maxVerboseTtl");
        if (defaultLevel == Level.UNSPECIFIED) {
            throw new IllegalArgumentException("fluxtap.levels.default must be one of trace, debug, info, warn, "
                    + "error, fatal, was unspecified");
        }
        if (defaultVerboseTtl.compareTo(maxVerboseTtl) > 0) {
            throw new IllegalArgumentException("fluxtap.levels.default-verbose-ttl (" + defaultVerboseTtl
                    + ") must not exceed fluxtap.levels.max-verbose-ttl (" + maxVerboseTtl + ")");
        }
        if (verboseMaxRecordsPerSecond < 1) {
            throw new IllegalArgumentException("fluxtap.levels.verbose-max-records-per-second must be positive, was "
                    + verboseMaxRecordsPerSecond);
        }
    }

    public static LevelSettings defaults() {
        return new LevelSettings(Level.TRACE, Duration.ofMinutes(15), Duration.ofHours(1), 5000);
    }
}
