package io.fluxtap.ingestion.policy.level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.Level;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.api.levels.ServiceLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The overrides in force, their versions, expiry and persistence. Expiry is read from the clock at each look-up:
 * an override ends exactly at its {@code expiresAt} (the first instant it no longer applies), whoever looks first
 * removes it, and the removal is a change like any other (new version, persisted, audited, waiters woken).
 *
 * <p>Each change is written to the {@link StateStore} before it is applied in memory, so a change the store refused
 * leaves nothing behind; namespace {@value #NAMESPACE} holds one document per service (expiring with the override),
 * {@value #META} the last version, so versions keep growing across restarts.
 */
public final class LevelBook {

    static final String NAMESPACE = "levels";
    static final String META = "levels-meta";
    private static final String VERSION_KEY = "version";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final LevelSettings settings;
    private final Clock clock;
    private final StateStore store;
    private final Consumer<LevelChange> audit;
    private final Map<String, LevelOverride> overrides = new ConcurrentHashMap<>();
    /** The version of each service's last change, overrides and clears alike (clears are remembered in memory). */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private long version;

    /** Loads what the store kept; overrides whose time passed while Fluxtap was down are gone. */
    public LevelBook(LevelSettings settings, Clock clock, StateStore store, Consumer<LevelChange> audit) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.audit = audit;
        Instant now = clock.instant();
        for (StateStore.Entry entry : store.load(META)) {
            if (VERSION_KEY.equals(entry.key())) {
                version = Math.max(version, Long.parseLong(entry.json().strip()));
            }
        }
        for (StateStore.Entry entry : store.load(NAMESPACE)) {
            LevelOverride override = read(entry.json());
            version = Math.max(version, override.version());
            if (override.expiresAt() == null || now.isBefore(override.expiresAt())) {
                overrides.put(override.service(), override);
                versions.put(override.service(), override.version());
            }
        }
    }

    public LevelSettings settings() {
        return settings;
    }

    /** Called with the service's name after each of its changes (on the changing thread; keep it short). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }

    /** True when no override is in force (the filter's fast path; an expired one still counts until looked up). */
    public boolean noOverrides() {
        return overrides.isEmpty();
    }

    /** The override of the service in force now, or null. */
    public LevelOverride override(String service) {
        LevelOverride override = overrides.get(service);
        if (override != null && override.expiresAt() != null && !clock.instant().isBefore(override.expiresAt())) {
            expire(override);
            return null;
        }
        return override;
    }

    public ServiceLevel level(String service) {
        LevelOverride override = override(service);
        long changed = versions.getOrDefault(service, 0L);
        return override == null
                ? new ServiceLevel(service, settings.defaultLevel(), null, changed, null)
                : new ServiceLevel(service, override.level(), override.expiresAt(), changed, override);
    }

    /** Every override in force, by service. */
    public List<LevelOverride> overrides() {
        return overrides.keySet().stream().map(this::override).filter(o -> o != null)
                .sorted(Comparator.comparing(LevelOverride::service)).toList();
    }

    /**
     * @param ttl null: the default TTL for TRACE/DEBUG, no expiry for other levels
     * @throws LevelRequestException naming the field, before anything changed
     */
    public LevelOverride set(String service, Level level, Duration ttl, String reason, String caller) {
        requireService(service);
        if (level == null || level == Level.UNSPECIFIED) {
            throw new LevelRequestException("level", "level is required: one of trace, debug, info, warn, error, fatal");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new LevelRequestException("ttl", "ttl must be positive, was " + ttl);
        }
        boolean verbose = LevelOverride.isVerbose(level);
        Duration effectiveTtl = ttl == null && verbose ? settings.defaultVerboseTtl() : ttl;
        if (verbose && effectiveTtl.compareTo(settings.maxVerboseTtl()) > 0) {
            throw new LevelRequestException("ttl", "ttl " + ttl + " is over the maximum for " + level.label()
                    + " (fluxtap.levels.max-verbose-ttl = " + settings.maxVerboseTtl() + ")");
        }
        LevelOverride old;
        LevelOverride created;
        // Expiry first, outside the lock: it notifies listeners, which must never run under this lock.
        override(service);
        synchronized (this) {
            old = overrides.get(service);
            Instant now = clock.instant();
            long next = version + 1;
            created = new LevelOverride(service, level, reason, caller, now,
                    effectiveTtl == null ? null : now.plus(effectiveTtl), next, false);
            store.put(META, VERSION_KEY, Long.toString(next), null);
            store.put(NAMESPACE, service, write(created), created.expiresAt());
            version = next;
            overrides.put(service, created);
            versions.put(service, next);
        }
        audit.accept(new LevelChange("set", service, old == null ? settings.defaultLevel() : old.level(), level,
                effectiveTtl, reason, caller));
        notify(service);
        return created;
    }

    /** Returns the service to the default; false (and nothing audited) when it had no override. */
    public boolean clear(String service, String caller) {
        requireService(service);
        LevelOverride old;
        override(service);
        synchronized (this) {
            old = overrides.get(service);
            if (old == null) {
                return false;
            }
            remove(service);
        }
        audit.accept(new LevelChange("clear", service, old.level(), settings.defaultLevel(), null, "", caller));
        notify(service);
        return true;
    }

    /** Listeners run after the lock is released (a long-poll waiter takes its own lock and then looks up levels). */
    private void expire(LevelOverride expired) {
        synchronized (this) {
            if (overrides.get(expired.service()) != expired) {
                return;
            }
            remove(expired.service());
        }
        audit.accept(new LevelChange("expire", expired.service(), expired.level(), settings.defaultLevel(), null,
                "ttl elapsed (set by " + expired.setBy() + ": " + expired.reason() + ")", "fluxtap"));
        notify(expired.service());
    }

    private void remove(String service) {
        long next = version + 1;
        store.put(META, VERSION_KEY, Long.toString(next), null);
        store.delete(NAMESPACE, service);
        version = next;
        overrides.remove(service);
        versions.put(service, next);
    }

    private void notify(String service) {
        for (Consumer<String> listener : listeners) {
            listener.accept(service);
        }
    }

    private static void requireService(String service) {
        if (service == null || service.isBlank()) {
            throw new LevelRequestException("service", "service must not be empty");
        }
        if (service.length() > 256) {
            throw new LevelRequestException("service", "service must be at most 256 characters");
        }
    }

    private static String write(LevelOverride o) {
        ObjectNode node = JSON.createObjectNode()
                .put("service", o.service())
                .put("level", o.level().label())
                .put("reason", o.reason())
                .put("set_by", o.setBy())
                .put("set_at", o.setAt().toString())
                .put("version", o.version());
        node.put("expires_at", o.expiresAt() == null ? null : o.expiresAt().toString());
        return node.toString();
    }

    private static LevelOverride read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode expires = node.path("expires_at");
            return new LevelOverride(node.path("service").asText(), Level.parseLabel(node.path("level").asText()),
                    node.path("reason").asText(""), node.path("set_by").asText(""),
                    Instant.parse(node.path("set_at").asText()),
                    expires.isTextual() ? Instant.parse(expires.asText()) : null,
                    node.path("version").asLong(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored level override is no JSON: " + json, e);
        }
    }
}
