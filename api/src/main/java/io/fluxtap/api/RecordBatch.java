package io.fluxtap.api;

import java.util.List;
import java.util.Objects;

/**
 * The records a lane consumer hands to storage in one go. A batch is stored atomically:
 * either every record in it is visible afterwards or none is.
 */
public record RecordBatch(Lane lane, List<LogRecord> logs) {

    public RecordBatch {
        Objects.requireNonNull(lane, "lane");
        logs = List.copyOf(logs);
    }

    public int size() {
        return logs.size();
    }
}
