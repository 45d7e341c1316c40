package io.fluxtap.storage.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link StateStore} port over the table {@code alerting_state} (migration V10). Every call is one DuckDB
 * transaction (a {@link #write} of many documents too), so it is committed when the call returns. Writes are serialized here: DuckDB refuses
 * one of two concurrent transactions that update the same row, and a refused save would be a lost one. Calls run
 * through {@link DuckDbDatabase#query}, off a request's virtual thread (silences are saved from API requests).
 */
@ApplicationScoped
public class DuckDbStateStore implements StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Up to this many writes go as one statement each; more through {@link #writeThroughScratchTable}. */
    static final int STATEMENT_BATCH_LIMIT = 8;
    private static final String SCRATCH = "alerting_state_batch";

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
        write(namespace, List.of(Write.put(key, json, expiresAt)));
    }

    @Override
    public void write(String namespace, List<Write> writes) {
        requireName("namespace", namespace);
        for (Write w : writes) {
            requireName("key", w.key());
            if (w.json() != null) {
                requireJson(namespace, w);
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        long now = EpochMicros.of(clock.instant());
        String what = writes.size() == 1
                ? (writes.getFirst().json() == null ? "delete " : "save ") + namespace + "/" + writes.getFirst().key()
                : "save " + writes.size() + " documents of " + namespace;
        synchronized (writeLock) {
            run(what, () -> database.query(h -> h.inTransaction(t -> {
                if (writes.size() <= STATEMENT_BATCH_LIMIT) {
                    writeByStatements(t, namespace, writes, now);
                } else {
                    try {
                        writeThroughScratchTable(t.getConnection().unwrap(DuckDBConnection.class), namespace, writes,
                                now);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }
                return null;
            })));
        }
    }

    private static void writeByStatements(Handle handle, String namespace, List<Write> writes, long now) {
        for (Write w : writes) {
            if (w.json() == null) {
                handle.createUpdate("DELETE FROM alerting_state WHERE namespace = :namespace AND key = :key")
                        .bind("namespace", namespace).bind("key", w.key())
                        .execute();
            } else {
                handle.createUpdate("""
                                INSERT INTO alerting_state (namespace, key, json, expires_at, updated_at)
                                VALUES (:namespace, :key, :json, make_timestamptz(:expires), make_timestamptz(:now))
                                ON CONFLICT (namespace, key) DO UPDATE SET json = excluded.json,
                                    expires_at = excluded.expires_at, updated_at = excluded.updated_at""")
                        .bind("namespace", namespace).bind("key", w.key()).bind("json", w.json())
                        .bind("expires", micros(w.expiresAt())).bind("now", now)
                        .execute();
            }
        }
    }

    /**
     * Many writes as three set-based statements over a scratch table filled by an Appender: DuckDB spends about
     * 2-3 ms preparing and running one upsert, so a rule group's thousand documents one statement each took 2-3 s
     * (BENCHMARKS.md section 12). Only the last write of a key counts, so a key is in the batch once.
     */
    private static void writeThroughScratchTable(DuckDBConnection connection, String namespace, List<Write> writes,
                                                 long now) throws SQLException {
        Map<String, Write> last = new LinkedHashMap<>();
        writes.forEach(w -> last.put(w.key(), w));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + SCRATCH
                    + " (key VARCHAR NOT NULL, json VARCHAR, expires BIGINT)");
            try (DuckDBAppender appender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA,
                    SCRATCH)) {
                for (Write w : last.values()) {
                    appender.beginRow();
                    appender.append(w.key());
                    appender.append(w.json());
                    appender.append(micros(w.expiresAt()));
                    appender.endRow();
                }
                appender.flush();
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO alerting_state (namespace, key, json, expires_at, updated_at)
                SELECT ?, key, CAST(json AS JSON), make_timestamptz(expires), make_timestamptz(?)
                FROM temp.main.""" + SCRATCH + """
                 WHERE json IS NOT NULL
                ON CONFLICT (namespace, key) DO UPDATE SET json = excluded.json,
                    expires_at = excluded.expires_at, updated_at = excluded.updated_at""");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM alerting_state WHERE namespace = ? AND key IN (SELECT key FROM temp.main."
                             + SCRATCH + " WHERE json IS NULL)");
             Statement statement = connection.createStatement()) {
            upsert.setString(1, namespace);
            upsert.setLong(2, now);
            upsert.execute();
            delete.setString(1, namespace);
            delete.execute();
            statement.execute("DROP TABLE temp.main." + SCRATCH);
        }
    }

    private static Long micros(Instant instant) {
        return instant == null ? null : EpochMicros.of(instant);
    }

    private static void requireJson(String namespace, Write w) {
        try {
            JSON.readTree(w.json());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the document of " + namespace + "/" + w.key() + " is no JSON: "
                    + e.getOriginalMessage());
        }
    }

    @Override
    public void delete(String namespace, String key) {
        write(namespace, List.of(Write.delete(key)));
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
