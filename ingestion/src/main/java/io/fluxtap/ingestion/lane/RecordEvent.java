package io.fluxtap.ingestion.lane;

import io.fluxtap.api.IngestRecord;

/**
 * One pre-allocated ring slot. Slots live as long as the ring, so the consumer takes the record out
 * ({@link #take()}) to keep a full ring from pinning records that are already stored.
 */
final class RecordEvent {

    private IngestRecord record;
    private long lsn;

    void set(IngestRecord record, long walLsn) {
        this.record = record;
        this.lsn = walLsn;
    }

    /** The record's WAL sequence number, or {@code RecordBatch.NO_WAL} on a lane without a log. */
    long lsn() {
        return lsn;
    }

    IngestRecord take() {
        IngestRecord taken = record;
        record = null;
        return taken;
    }
}
