package io.fluxtap.storage.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The {@link StateStore} port over the table {@code alerting_state} (migration V10). Every call is one DuckDB
 * statement in auto-commit, so it is committed when the call returns. Writes are serialized here: DuckDB refuses
 * one of two concurrent transactions that update the same row, and a refused save would be a lost one. Calls run
 * through {@link DuckDbDatabase#query}, off a request's virtual thread (silences are saved from API requests).
 */
@ApplicationScoped
public class DuckDbStateStore implements StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DuckDbDatabase database;
    private final Clock clock;
    private final Object writeLock = new Object();

    @Inject
    public DuckDbStateStore(DuckDbDatabase database) {
        this(database, Clock.systemUTC());
    }

    /** @param clock decides which entries have expired, and stamps updated_at */
    public DuckDbStateStore(DuckDbDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void put(String namespace, String key, String json, Instant expiresAt) {
        requireName("namespace", namespace);
        requireName("key", key);
        Objects.requireNonNull(json, "json");
        try {
            JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the document of " + namespace + "/" + key + " is no JSON: "
                    + e.getOriginalMessage());
        }
        long now = EpochMicros.of(clock.instant());
        Long expires = expiresAt == null ? null : EpochMicros.of(expiresAt);
        synchronized (writeLock) {
            run("save " + namespace + "/" + key, () -> database.query(h -> h.createUpdate("""
                            INSERT INTO alerting_state (namespace, key, json, expires_at, updated_at)
                            VALUES (:namespace, :key, :json, make_timestamptz(:expires), make_timestamptz(:now))
                            ON CONFLICT (namespace, key) DO UPDATE SET json = excluded.json,
                                expires_at = excluded.expires_at, updated_at = excluded.updated_at""")
                    .bind("namespace", namespace).bind("key", key).bind("json", json)
                    .bind("expires", expires).bind("now", now)
                    .execute()));
        }
    }

    @Override
    public void delete(String namespace, String key) {
        synchronized (writeLock) {
            run("delete " + namespace + "/" + key, () -> database.query(h -> h.createUpdate(
                            "DELETE FROM alerting_state WHERE namespace = :namespace AND key = :key")
                    .bind("namespace", namespace).bind("key", key)
                    .execute()));
        }
    }

    @Override
    public List<Entry> load(String namespace) {
        long now = EpochMicros.of(clock.instant());
        return run("load " + namespace, () -> database.query(h -> h.createQuery("""
                        SELECT key, CAST(json AS VARCHAR) AS json, epoch_us(expires_at) AS expires,
                               epoch_us(updated_at) AS updated
                        FROM alerting_state
                        WHERE namespace = :namespace AND (expires_at IS NULL OR expires_at > make_timestamptz(:now))
                        ORDER BY key""")
                .bind("namespace", namespace).bind("now", now)
                .map((rs, ctx) -> {
                    long expires = rs.getLong("expires");
                    Instant expiresAt = rs.wasNull() ? null : EpochMicros.toInstant(expires);
                    return new Entry(namespace, rs.getString("key"), rs.getString("json"), expiresAt,
                            EpochMicros.toInstant(rs.getLong("updated")));
                })
                .list()));
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a state entry's " + what + " must not be empty");
        }
    }

    private interface Call<T> {
        T call();
    }

    private static <T> T run(String what, Call<T> call) {
        try {
            return call.call();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("alerting state: cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
