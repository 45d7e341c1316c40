package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;

/** A store that takes every batch at once, so a benchmark measures the lane and not the database. */
final class NoopSink implements RecordSink {

    @Override
    public Writer openWriter(Lane lane) {
        return new Writer() {
            @Override
            public void write(RecordBatch batch) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long appliedWalLsn(Lane lane) {
        return RecordBatch.NO_WAL;
    }
}
