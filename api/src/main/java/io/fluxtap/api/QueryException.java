package io.fluxtap.api;

import java.util.Objects;

/**
 * A query through {@link PromqlQueries} or {@link SqlQueries} that could not be answered. {@link #kind()} tells a
 * caller what to do about it: a rule whose query is {@link Kind#BAD_DATA} stays broken until it is edited, while
 * {@link Kind#TIMEOUT} or {@link Kind#EXECUTION} may pass at the next evaluation.
 *
 * <pre>{@code
 * try {
 *     queries.instant("rate(http_requests_total[5m]", now);
 * } catch (QueryException e) {
 *     e.kind();          // BAD_DATA
 *     e.kind().wireName(); // "bad_data", Prometheus' errorType
 * }
 * }</pre>
 */
public class QueryException extends RuntimeException {

    /** Prometheus' {@code errorType} values a query can end with. */
    public enum Kind {
        /** The query is wrong: it does not parse, or a parameter is refused (a SQL statement the guard refuses). */
        BAD_DATA("bad_data"),
        /** The query is right but evaluating it failed: too many samples, or the database's error while running. */
        EXECUTION("execution"),
        /** It ran out of time, waiting for a slot or evaluating. */
        TIMEOUT("timeout"),
        /** It was cancelled, e.g. because the server stops. */
        CANCELED("canceled"),
        /** The server failed (a bug, or out of memory). */
        INTERNAL("internal");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Kind kind;

    public QueryException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public QueryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
