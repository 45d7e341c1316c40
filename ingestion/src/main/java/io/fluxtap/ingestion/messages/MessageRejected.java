package io.fluxtap.ingestion.messages;

import io.fluxtap.ingestion.metrics.RejectReason;

/**
 * A request refused as a whole, with its HTTP status and, for a message that does not fit its wire spec, the
 * column and the position of the message. Control flow inside the messages API only, hence no stack trace.
 */
final class MessageRejected extends Exception {

    private final int status;
    private final RejectReason reason;
    private final String field;
    private final Integer index;

    private MessageRejected(int status, RejectReason reason, String message, String field, Integer index) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.field = field;
        this.index = index;
    }

    static MessageRejected malformed(String message) {
        return new MessageRejected(400, RejectReason.MALFORMED, message, null, null);
    }

    static MessageRejected unknownWire(String wireId) {
        return new MessageRejected(404, RejectReason.INVALID_RECORD, "unknown wire '" + Rfc3339.abbreviate(wireId) + "'",
                null, null);
    }

    /** 429 with Retry-After: the in-flight byte budget is spent for now. */
    static MessageRejected overBudget(String message) {
        return new MessageRejected(429, RejectReason.THROTTLED, message, null, null);
    }

    static MessageRejected tooLarge(String message) {
        return new MessageRejected(413, RejectReason.TOO_LARGE, message, null, null);
    }

    static MessageRejected unsupportedMediaType(String message) {
        return new MessageRejected(415, RejectReason.UNSUPPORTED_MEDIA_TYPE, message, null, null);
    }

    /** 422: message {@code index} of the request does not fit its wire spec at {@code field}. */
    static MessageRejected invalid(int index, String field, String message) {
        return new MessageRejected(422, RejectReason.INVALID_RECORD, "message " + index + ": " + message, field, index);
    }

    /** 422: the time of message {@code index} lies outside {@link io.fluxtap.ingestion.sanitize.TimestampBounds}. */
    static MessageRejected timestampOutOfRange(int index, String message) {
        return new MessageRejected(422, RejectReason.TIMESTAMP_OUT_OF_RANGE, "message " + index + ": " + message, "ts",
                index);
    }

    int status() {
        return status;
    }

    RejectReason reason() {
        return reason;
    }

    /** The column the problem is in (a promoted column, or flux_id, ts, machine_id, entity_name, gear_id); or null. */
    String field() {
        return field;
    }

    /** The position of the offending message in the request (0 for a single object); or null. */
    Integer index() {
        return index;
    }
}
