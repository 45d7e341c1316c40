package io.fluxtap.api;

/**
 * A {@link LogSearch#query()} that cannot be read or names a field logs do not have. It lives in api so the
 * dashboard can point at the mistake without knowing which store parsed the query.
 */
public class LogQuerySyntaxException extends IllegalArgumentException {

    private final String reason;
    private final int position;

    /**
     * @param reason   what is wrong, without the position
     * @param position 0-based offset of the offending character in the query (its length when the query ended
     *                 too early)
     */
    public LogQuerySyntaxException(String reason, int position, Throwable cause) {
        super(reason + " at position " + position, cause);
        this.reason = reason;
        this.position = position;
    }

    public LogQuerySyntaxException(String reason, int position) {
        this(reason, position, null);
    }

    public String reason() {
        return reason;
    }

    public int position() {
        return position;
    }
}
