package io.fluxtap.ui.testing;

import io.fluxtap.api.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state store in memory, standing in for storage's DuckDB one; it lives as long as the test's server. */
public final class InMemoryStateStore implements StateStore {

    private final Map<String, Map<String, Entry>> namespaces = new LinkedHashMap<>();

    @Override
    public synchronized void put(String namespace, String key, String json, Instant expiresAt) {
        if (namespace.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        namespaces.computeIfAbsent(namespace, n -> new LinkedHashMap<>())
                .put(key, new Entry(namespace, key, json, expiresAt, Instant.now()));
    }

    @Override
    public synchronized void delete(String namespace, String key) {
        namespaces.getOrDefault(namespace, new LinkedHashMap<>()).remove(key);
    }

    @Override
    public synchronized List<Entry> load(String namespace) {
        return new ArrayList<>(namespaces.getOrDefault(namespace, Map.of()).values());
    }
}
