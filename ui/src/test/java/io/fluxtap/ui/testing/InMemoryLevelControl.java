package io.fluxtap.ui.testing;

import io.fluxtap.api.Level;
import io.fluxtap.api.levels.LevelControl;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.api.levels.LoggerLevel;
import io.fluxtap.api.levels.ServiceLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The level port as the dashboard sees it, in memory (the real one and its guards are tested in ingestion). */
public final class InMemoryLevelControl implements LevelControl {

    private final Map<String, LevelOverride> overrides = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    @Override
    public Level defaultLevel() {
        return Level.TRACE;
    }

    @Override
    public Duration defaultVerboseTtl() {
        return Duration.ofMinutes(15);
    }

    @Override
    public Duration maxVerboseTtl() {
        return Duration.ofHours(1);
    }

    @Override
    public List<LevelOverride> overrides() {
        return new ArrayList<>(overrides.values());
    }

    @Override
    public ServiceLevel level(String service) {
        LevelOverride o = overrides.get(service);
        return o == null ? new ServiceLevel(service, Level.TRACE, null, 0, null)
                : new ServiceLevel(service, o.level(), o.expiresAt(), o.version(), o);
    }

    @Override
    public LevelOverride set(String service, Level level, Duration ttl, String reason, String caller) {
        if (ttl != null && ttl.compareTo(maxVerboseTtl()) > 0 && LevelOverride.isVerbose(level)) {
            throw new LevelRequestException("ttl", "over the maximum");
        }
        Instant now = Instant.now();
        LevelOverride o = new LevelOverride(service, level, reason, caller, now, ttl == null ? null : now.plus(ttl),
                versions.incrementAndGet(), false);
        overrides.put(service, o);
        return o;
    }

    public void throttle(String service) {
        overrides.computeIfPresent(service, (s, o) -> o.withThrottled(true));
    }

    @Override
    public boolean clear(String service, String caller) {
        return overrides.remove(service) != null;
    }

    @Override
    public List<LoggerLevel> loggers() {
        return List.of(new LoggerLevel("root", Level.INFO, Level.INFO),
                new LoggerLevel("io.fluxtap.ingestion", Level.DEBUG, Level.DEBUG),
                new LoggerLevel("org.eclipse.jetty", Level.WARN, Level.WARN));
    }

    @Override
    public LoggerLevel setLogger(String name, Level level, String caller) {
        return new LoggerLevel(name, level, level);
    }
}
