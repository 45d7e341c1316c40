package io.fluxtap.ingestion.lane;

import io.fluxtap.api.LogRecord;

/**
 * One pre-allocated ring slot. Slots live as long as the ring, so the consumer takes the record out
 * ({@link #take()}) to keep a full ring from pinning records that are already stored.
 */
final class RecordEvent {

    private LogRecord log;

    void set(LogRecord record) {
        this.log = record;
    }

    LogRecord take() {
        LogRecord record = log;
        log = null;
        return record;
    }
}
