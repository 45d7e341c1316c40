package io.fluxtap.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Small documents that must outlive a restart, by namespace and key: what alerting keeps of its notification log,
 * its silences and its rules' alert states. Each document is JSON text the caller writes and reads back unchanged;
 * storage keeps them in DuckDB. Every call is write-through: when {@link #put} or {@link #delete} returns, the
 * change is committed (it survives a crash from then on); when it throws, nothing changed.
 *
 * <pre>{@code
 * @Inject StateStore state;
 *
 * state.put("silences", id, "{\"comment\":\"maintenance\"}", endsAt.plus(Duration.ofDays(5)));
 * for (StateStore.Entry e : state.load("silences")) {
 *     e.key(); e.json(); e.expiresAt();      // what was put and not deleted or expired
 * }
 * state.delete("silences", id);
 * }</pre>
 *
 * An entry whose {@code expiresAt} has passed (by the server's clock) is gone: {@link #load} no longer returns it,
 * and storage deletes it for good at its next retention sweep. Safe for concurrent use; each call stands alone
 * (there is no transaction across calls, except the writes of one {@link #write} call). {@code expiresAt} and {@code updatedAt} are kept to the microsecond; the
 * document itself is kept exactly.
 */
public interface StateStore {

    /**
     * Inserts or replaces the document of {@code key} in {@code namespace}.
     *
     * @param json      a JSON document (object, array or scalar)
     * @param expiresAt when the entry may be forgotten; null to keep it until deleted
     * @throws IllegalArgumentException when the text is no JSON, or a name is empty
     * @throws StoreException           when the store could not commit it
     */
    void put(String namespace, String key, String json, Instant expiresAt);

    /** Removes the entry; nothing happens when there is none. @throws StoreException when it could not commit */
    void delete(String namespace, String key);

    /**
     * Puts and deletes in one namespace, in order, committed together where the store can: DuckDB's store commits
     * them in one transaction (all or none) instead of one commit per document, which is what makes saving a rule
     * group's thousand alert documents after each evaluation cheap. The default applies them one by one, for stores
     * whose single calls cannot fail (the ones in memory).
     *
     * @throws IllegalArgumentException when a document is no JSON, or a name is empty (nothing is written)
     * @throws StoreException           when the store could not commit them
     */
    default void write(String namespace, List<Write> writes) {
        for (Write w : writes) {
            if (w.json() == null) {
                delete(namespace, w.key());
            } else {
                put(namespace, w.key(), w.json(), w.expiresAt());
            }
        }
    }

    /** Every entry of the namespace not deleted and not expired, by key. @throws StoreException when it cannot read */
    List<Entry> load(String namespace);

    /** One change of a {@link #write}: a put when {@code json} is set, a delete of the key when it is null. */
    record Write(String key, String json, Instant expiresAt) {

        public Write {
            Objects.requireNonNull(key, "key");
        }

        public static Write put(String key, String json, Instant expiresAt) {
            return new Write(key, Objects.requireNonNull(json, "json"), expiresAt);
        }

        public static Write delete(String key) {
            return new Write(key, null, null);
        }
    }

    /**
     * @param json      the document as put
     * @param expiresAt null when it never expires
     * @param updatedAt when it was last put (the store's clock)
     */
    record Entry(String namespace, String key, String json, Instant expiresAt, Instant updatedAt) {

        public Entry {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }
}
