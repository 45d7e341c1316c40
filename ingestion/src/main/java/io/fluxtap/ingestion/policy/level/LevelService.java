package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.Level;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.levels.LevelControl;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.api.levels.LoggerLevel;
import io.fluxtap.api.levels.ServiceLevel;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.PublishResult;
import io.fluxtap.ingestion.loggers.JulLoggers;
import io.fluxtap.ingestion.policy.mask.MaskingStage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The level control of the server: the overrides ({@link LevelBook}) on the container's {@link StateStore}
 * (storage's DuckDB one; in memory, with a warning, when there is none), the verbose rate guard, Fluxtap's own
 * loggers, and the audit of every change through the lane router (lane P1). An override's reason is free text an
 * operator types (incident notes may quote a card) and is stored in the state store as given, outside the ingest
 * policies: the masking stage's card-number scan runs over it first.
 */
@ApplicationScoped
public class LevelService implements LevelControl {

    private static final Logger LOG = System.getLogger(LevelService.class.getName());
    private static final Pattern LOGGER_NAME = Pattern.compile("[A-Za-z0-9_$.\\-]{1,256}");

    private LevelBook book;
    private VerboseRateGuard guard;
    private JulLoggers loggers;
    private Consumer<LevelChange> audit;
    private UnaryOperator<String> redact;

    /** For CDI's proxy. */
    LevelService() {
    }

    @Inject
    public LevelService(@ConfigProperty(name = "fluxtap.levels.default", defaultValue = "trace") String defaultLevel,
                        @ConfigProperty(name = "fluxtap.levels.default-verbose-ttl", defaultValue = "15m")
                        Duration defaultVerboseTtl,
                        @ConfigProperty(name = "fluxtap.levels.max-verbose-ttl", defaultValue = "1h")
                        Duration maxVerboseTtl,
                        @ConfigProperty(name = "fluxtap.levels.verbose-max-records-per-second", defaultValue = "5000")
                        int verboseMaxRecordsPerSecond,
                        Instance<StateStore> stores,
                        Instance<LaneRouter> lanes,
                        Instance<MaskingStage> masking) {
        this(settings(defaultLevel, defaultVerboseTtl, maxVerboseTtl, verboseMaxRecordsPerSecond), Clock.systemUTC(),
                store(stores), change -> publish(lanes.get(), change), new JulLoggers(),
                masking.isResolvable() ? masking.get()::maskText : UnaryOperator.identity());
    }

    /** @param audit gets each change; the server's publishes its audit record */
    public LevelService(LevelSettings settings, Clock clock, StateStore store, Consumer<LevelChange> audit,
                        JulLoggers loggers) {
        this(settings, clock, store, audit, loggers, UnaryOperator.identity());
    }

    /** @param redact masks the card numbers in an override's reason before it is kept */
    public LevelService(LevelSettings settings, Clock clock, StateStore store, Consumer<LevelChange> audit,
                        JulLoggers loggers, UnaryOperator<String> redact) {
        this.audit = audit;
        this.redact = redact;
        this.book = new LevelBook(settings, clock, store, audit);
        this.guard = new VerboseRateGuard(clock, settings.verboseMaxRecordsPerSecond());
        this.loggers = loggers;
        book.onChange(guard::forget);
    }

    /** Loads the stored overrides at start, not at the first request. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        LOG.log(Logger.Level.INFO, "level control: default {0}, {1} override(s)", book.settings().defaultLevel().label(),
                String.valueOf(book.overrides().size()));
    }

    LevelBook book() {
        return book;
    }

    VerboseRateGuard guard() {
        return guard;
    }

    /** Called with the service's name after each change to it (expiry included). */
    public void onChange(Consumer<String> listener) {
        book.onChange(listener);
    }

    public void removeListener(Consumer<String> listener) {
        book.removeListener(listener);
    }

    @Override
    public Level defaultLevel() {
        return book.settings().defaultLevel();
    }

    @Override
    public Duration defaultVerboseTtl() {
        return book.settings().defaultVerboseTtl();
    }

    @Override
    public Duration maxVerboseTtl() {
        return book.settings().maxVerboseTtl();
    }

    @Override
    public List<LevelOverride> overrides() {
        return book.overrides().stream().map(o -> o.withThrottled(guard.throttled(o.service()))).toList();
    }

    @Override
    public ServiceLevel level(String service) {
        ServiceLevel level = book.level(service);
        return level.override() == null ? level : new ServiceLevel(level.service(), level.level(), level.expiresAt(),
                level.version(), level.override().withThrottled(guard.throttled(service)));
    }

    @Override
    public LevelOverride set(String service, Level level, Duration ttl, String reason, String caller) {
        return book.set(service, level, ttl, reason == null ? null : redact.apply(reason), caller);
    }

    @Override
    public boolean clear(String service, String caller) {
        return book.clear(service, caller);
    }

    @Override
    public List<LoggerLevel> loggers() {
        return loggers.list();
    }

    @Override
    public LoggerLevel setLogger(String name, Level level, String caller) {
        if (name == null || !(name.isEmpty() || LOGGER_NAME.matcher(name).matches())) {
            throw new LevelRequestException("name", "logger name must be 1-256 letters, digits, '.', '_', '$' or '-'");
        }
        if (level == Level.UNSPECIFIED) {
            throw new LevelRequestException("level", "level must be one of trace, debug, info, warn, error, fatal");
        }
        LoggerLevel before = loggers.get(name);
        LoggerLevel after = loggers.set(name, level);
        audit.accept(new LevelChange("logger", after.name(), before.level(), after.level(), null, "", caller));
        return after;
    }

    private static LevelSettings settings(String defaultLevel, Duration defaultTtl, Duration maxTtl, int rate) {
        Level level;
        try {
            level = Level.parseLabel(defaultLevel);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fluxtap.levels.default: " + e.getMessage(), e);
        }
        return new LevelSettings(level, defaultTtl, maxTtl, rate);
    }

    private static StateStore store(Instance<StateStore> stores) {
        if (stores.isResolvable()) {
            return stores.get();
        }
        LOG.log(Logger.Level.WARNING, "no state store in this container: level overrides are kept in memory only "
                + "and do not survive a restart");
        return new MemoryStateStore(Clock.systemUTC());
    }

    private static void publish(LaneRouter lanes, LevelChange change) {
        IngestOutcome outcome = lanes.publishLogs(List.of(LevelAudit.record(change, Clock.systemUTC())));
        if (outcome.result() != PublishResult.ACCEPTED) {
            LOG.log(Logger.Level.WARNING, "the audit record of a level change was refused ({0}): {1} {2} -> {3} by {4}",
                    outcome.result(), change.subject(), change.oldLevel(), change.newLevel(), change.caller());
        }
    }
}
