package io.fluxtap.ingestion.otlp;

import io.fluxtap.ingestion.metrics.RejectReason;

/**
 * A request refused as a whole, with the HTTP status the OTLP specification prescribes for the case.
 * Thrown as control flow inside the receiver only, hence no stack trace.
 */
public final class RequestRejected extends Exception {

    /** google.rpc.Code values for the Status body; OTLP clients do not act on them, people reading logs do. */
    private static final int INVALID_ARGUMENT = 3;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNAVAILABLE = 14;

    private final int httpStatus;
    private final RejectReason reason;
    private final long records;

    private RequestRejected(int httpStatus, RejectReason reason, long records, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.records = records;
    }

    public static RequestRejected malformed(String message) {
        return new RequestRejected(400, RejectReason.MALFORMED, 1, message);
    }

    public static RequestRejected tooLarge(String message) {
        return new RequestRejected(413, RejectReason.TOO_LARGE, 1, message);
    }

    public static RequestRejected unsupportedMediaType(String message) {
        return new RequestRejected(415, RejectReason.UNSUPPORTED_MEDIA_TYPE, 1, message);
    }

    /** Retryable per the OTLP specification; {@code records} is how many valid records the request carried. */
    public static RequestRejected overloaded(String message, long records) {
        return new RequestRejected(503, RejectReason.OVERLOADED, records, message);
    }

    /** The write-ahead log is at its quota: 429 with Retry-After, retryable per the OTLP specification. */
    public static RequestRejected throttled(String message, long records) {
        return new RequestRejected(429, RejectReason.THROTTLED, records, message);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public RejectReason reason() {
        return reason;
    }

    /** How many records to count as rejected: the request's records when known, else one for the request. */
    public long records() {
        return records;
    }

    public boolean retryable() {
        return httpStatus == 503 || httpStatus == 429;
    }

    public int rpcCode() {
        if (httpStatus == 429) {
            return RESOURCE_EXHAUSTED;
        }
        return retryable() ? UNAVAILABLE : INVALID_ARGUMENT;
    }
}
