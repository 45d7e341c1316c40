package io.fluxtap.storage.promql;

/**
 * A query that cannot be answered. {@link #errorType()} is the {@code errorType} of Prometheus' JSON envelope,
 * which also decides the HTTP status (bad_data 400, execution 422, timeout/canceled 503).
 */
public class PromqlException extends RuntimeException {

    public enum ErrorType {
        BAD_DATA("bad_data"), EXECUTION("execution"), TIMEOUT("timeout"), CANCELED("canceled"), INTERNAL("internal");

        private final String wireName;

        ErrorType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final ErrorType errorType;

    public PromqlException(ErrorType errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public ErrorType errorType() {
        return errorType;
    }
}
