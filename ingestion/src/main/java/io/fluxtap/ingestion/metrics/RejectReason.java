package io.fluxtap.ingestion.metrics;

import java.util.Locale;

/** Why records were refused at ingestion; {@link #label()} is the value of the metric tag {@code reason=}. */
public enum RejectReason {
    /** The request body could not be decoded. */
    MALFORMED,
    /** The request's content type is not one we decode. */
    UNSUPPORTED_MEDIA_TYPE,
    /** The request body, as received or decompressed, is over the size limit. */
    TOO_LARGE,
    /** Single records were invalid (e.g. a trace id of the wrong length); the rest of the request was kept. */
    INVALID_RECORD,
    /**
     * Single records carried a time that cannot be stored: too far ahead of the server clock, or before 1970
     * ({@link io.fluxtap.ingestion.sanitize.TimestampBounds}); the rest of the request was kept where the protocol allows.
     */
    TIMESTAMP_OUT_OF_RANGE,
    /** The lane could not take the records in time, or is shutting down. */
    OVERLOADED,
    /** A write-ahead log is at its quota. */
    THROTTLED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
