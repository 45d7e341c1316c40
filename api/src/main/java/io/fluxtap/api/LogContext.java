package io.fluxtap.api;

import java.util.List;
import java.util.Objects;

/**
 * A log record with the records of its service just before and just after it ({@link LogQuery#context}).
 *
 * @param before the records before it, oldest first
 * @param record the record asked about
 * @param after  the records after it, oldest first
 */
public record LogContext(List<LogRecord> before, LogRecord record, List<LogRecord> after) {

    /** The most records {@link LogQuery#context} returns on either side. */
    public static final int MAX_EACH = 1_000;

    public LogContext {
        before = List.copyOf(before);
        Objects.requireNonNull(record, "record");
        after = List.copyOf(after);
    }

    /** @throws IllegalArgumentException unless {@code each} is 1 to {@link #MAX_EACH} */
    public static int checkEach(int each) {
        if (each < 1 || each > MAX_EACH) {
            throw new IllegalArgumentException("each must be between 1 and " + MAX_EACH + ", was " + each);
        }
        return each;
    }
}
