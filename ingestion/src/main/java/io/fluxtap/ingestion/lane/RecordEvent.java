package io.fluxtap.ingestion.lane;

import io.fluxtap.api.LogRecord;

/**
 * One pre-allocated ring slot. Slots live as long as the ring, so the consumer takes the record out
 * ({@link #take()}) to keep a full ring from pinning records that are already stored.
 */
final class RecordEvent {

    private LogRecord log;
    private long lsn;

    void set(LogRecord record, long walLsn) {
        this.log = record;
        this.lsn = walLsn;
    }

    /** The record's WAL sequence number, or {@code RecordBatch.NO_WAL} on a lane without a log. */
    long lsn() {
        return lsn;
    }

    LogRecord take() {
        LogRecord record = log;
        log = null;
        return record;
    }
}
