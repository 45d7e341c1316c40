package io.fluxtap.alerting.silence;

import java.time.Instant;
import java.util.Collection;

/**
 * Where {@link Silences} keeps its silences across restarts. Every change is written through before it takes
 * effect; the store is read once, at start.
 */
public interface SilenceStore {

    /** A stored silence and when it may be forgotten (its end plus the retention). */
    record Stored(Silence silence, Instant expiresAt) {
    }

    Collection<Stored> load();

    /** Inserts or replaces the silence of this id. */
    void save(Stored stored);

    void delete(String id);
}
