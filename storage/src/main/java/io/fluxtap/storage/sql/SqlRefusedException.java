package io.fluxtap.storage.sql;

/**
 * A statement the SQL console does not run, or one DuckDB could not run; the message says why. The HTTP console
 * answers 400 for each; the SQL port tells its callers the {@link #reason()}.
 */
public class SqlRefusedException extends IllegalArgumentException {

    public enum Reason {
        /** Refused before it ran: no statement, not one read-only SELECT, a function or file not allowed. */
        REFUSED,
        /** DuckDB's error while running it. */
        FAILED,
        /** Over the time limit, waiting for a thread or running. */
        TIMED_OUT,
        /** The caller's thread was interrupted while it waited. */
        INTERRUPTED
    }

    private final Reason reason;

    public SqlRefusedException(String message) {
        this(Reason.REFUSED, message);
    }

    public SqlRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
