package io.fluxtap.api;

import java.util.List;
import java.util.Objects;

/**
 * The records a lane consumer hands to storage in one go. A batch is stored atomically:
 * either every record in it is visible afterwards or none is.
 *
 * @param lane    the lane the records came through
 * @param logs    log records, in lane order
 * @param spans   spans, in lane order
 * @param metrics metric samples, in lane order
 * @param messages business messages, in lane order
 * @param walLsn  the write-ahead-log sequence number of the batch's last record, or {@link #NO_WAL} for
 *                lanes without a log; storage records it in the same transaction as the rows, so a restart
 *                replays exactly what is not stored yet
 */
public record RecordBatch(Lane lane, List<LogRecord> logs, List<SpanRecord> spans, List<MetricSample> metrics,
                          List<BusinessMessage> messages, long walLsn) {

    public static final long NO_WAL = 0;

    public RecordBatch {
        Objects.requireNonNull(lane, "lane");
        logs = List.copyOf(logs);
        spans = List.copyOf(spans);
        metrics = List.copyOf(metrics);
        messages = List.copyOf(messages);
        if (walLsn < 0) {
            throw new IllegalArgumentException("walLsn must not be negative, was " + walLsn);
        }
    }

    public RecordBatch(Lane lane, List<LogRecord> logs, List<SpanRecord> spans, List<MetricSample> metrics, long walLsn) {
        this(lane, logs, spans, metrics, List.of(), walLsn);
    }

    public RecordBatch(Lane lane, List<LogRecord> logs, long walLsn) {
        this(lane, logs, List.of(), List.of(), List.of(), walLsn);
    }

    public RecordBatch(Lane lane, List<LogRecord> logs) {
        this(lane, logs, NO_WAL);
    }

    public int size() {
        return logs.size() + spans.size() + metrics.size() + messages.size();
    }
}
