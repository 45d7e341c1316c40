package io.fluxtap.alerting.persist;

import io.fluxtap.api.StateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link StateStore} port in memory, as the port documents it (JSON checked, expiry by a settable clock), and
 * counting writes; a "restart" is a new adapter over the same instance.
 */
final class MemoryStateStore implements StateStore {

    private final Map<String, Map<String, Entry>> namespaces = new TreeMap<>();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    int puts;
    int deletes;
    int writes;

    @Override
    public synchronized void write(String namespace, List<Write> changes) {
        writes++;
        StateStore.super.write(namespace, changes);
    }

    @Override
    public synchronized void put(String namespace, String key, String json, Instant expiresAt) {
        Json.read(json);
        puts++;
        namespaces.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, new Entry(namespace, key, json, expiresAt, now));
    }

    @Override
    public synchronized void delete(String namespace, String key) {
        deletes++;
        namespaces.getOrDefault(namespace, new TreeMap<>()).remove(key);
    }

    @Override
    public synchronized List<Entry> load(String namespace) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : namespaces.getOrDefault(namespace, Map.of()).values()) {
            if (e.expiresAt() == null || e.expiresAt().isAfter(now)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Replaces a document behind the adapter's back, as a damaged or newer file would. */
    synchronized void corrupt(String namespace, String key, String json) {
        namespaces.get(namespace).put(key, new Entry(namespace, key, json, null, now));
    }
}
