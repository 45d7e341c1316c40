package io.fluxtap.storage.query.filter;

/**
 * A filter that cannot be read or does not fit the fields it names. {@link #position()} is the 0-based offset
 * of the offending character in the filter text (the text's length when the filter ended too early), so a
 * client can point at it.
 */
public class FilterSyntaxException extends IllegalArgumentException {

    private final String reason;
    private final int position;

    public FilterSyntaxException(String message, int position) {
        super(message + " at position " + position);
        this.reason = message;
        this.position = position;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    public int position() {
        return position;
    }
}
