package io.fluxtap.api;

import java.time.Instant;

/** Anything that travels through the ingest lanes into storage. */
public sealed interface IngestRecord permits LogRecord, SpanRecord, MetricSample, BusinessMessage {

    Signal signal();

    /** The record's event time, which decides its hourly warehouse partition. */
    Instant timestamp();
}
