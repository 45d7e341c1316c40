package io.fluxtap.alerting.silence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Silences kept in memory only: for tests, and a "restart" is a new {@link Silences} over the same store. */
public final class MemorySilenceStore implements SilenceStore {

    private final Map<String, Stored> silences = new ConcurrentHashMap<>();

    @Override
    public Collection<Stored> load() {
        return List.copyOf(silences.values());
    }

    @Override
    public void save(Stored stored) {
        silences.put(stored.silence().id(), stored);
    }

    @Override
    public void delete(String id) {
        silences.remove(id);
    }
}
