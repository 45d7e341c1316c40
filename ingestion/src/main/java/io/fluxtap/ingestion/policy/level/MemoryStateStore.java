package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the overrides in memory when the container has no {@link StateStore} (ingestion on its own, as in its
 * tests): they work, but do not survive a restart, which {@link LevelService} warns about at start.
 */
final class MemoryStateStore implements StateStore {

    private final Clock clock;
    private final Map<String, Map<String, Entry>> namespaces = new ConcurrentHashMap<>();

    MemoryStateStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String namespace, String key, String json, Instant expiresAt) {
        namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>())
                .put(key, new Entry(namespace, key, json, expiresAt, clock.instant()));
    }

    @Override
    public void delete(String namespace, String key) {
        namespaces.getOrDefault(namespace, Map.of()).remove(key);
    }

    @Override
    public List<Entry> load(String namespace) {
        Instant now = clock.instant();
        return namespaces.getOrDefault(namespace, Map.of()).values().stream()
                .filter(e -> e.expiresAt() == null || now.isBefore(e.expiresAt())).toList();
    }
}
