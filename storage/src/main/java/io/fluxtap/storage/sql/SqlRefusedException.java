package io.fluxtap.storage.sql;

/** A statement the SQL console does not run, or one DuckDB could not run; the message says why. */
public class SqlRefusedException extends IllegalArgumentException {

    public SqlRefusedException(String message) {
        super(message);
    }
}
