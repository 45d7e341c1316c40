package io.fluxtap.storage.query;

import io.fluxtap.api.LogRecord;

import java.util.List;

/**
 * One answer of a log search or tail.
 *
 * @param logs   the records, in the order asked for
 * @param cursor    where to continue: for a search the position after the last record (null when nothing older
 *                  matches), for a tail the position of the newest record handed out so far (null while nothing
 *                  matched yet)
 * @param truncated the page ended before its limit because its records reached the page's byte bound; more
 *                  records follow from {@code cursor}
 */
public record LogPage(List<LogRecord> logs, LogCursor cursor, boolean truncated) {

    public LogPage {
        logs = List.copyOf(logs);
    }

    public LogPage(List<LogRecord> logs, LogCursor cursor) {
        this(logs, cursor, false);
    }
}
