package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.ingestion.metrics.RejectReason;

/**
 * A remote_write request refused as a whole. Prometheus retries 5xx and drops a batch on 4xx, so the status
 * says whether sending the same request again could succeed.
 */
final class RemoteWriteRejected extends Exception {

    private final int status;
    private final RejectReason reason;

    private RemoteWriteRejected(int status, RejectReason reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    static RemoteWriteRejected badRequest(String message) {
        return new RemoteWriteRejected(400, RejectReason.MALFORMED, message);
    }

    static RemoteWriteRejected invalidSamples(String message) {
        return new RemoteWriteRejected(400, RejectReason.INVALID_RECORD, message);
    }

    static RemoteWriteRejected timestampOutOfRange(String message) {
        return new RemoteWriteRejected(400, RejectReason.TIMESTAMP_OUT_OF_RANGE, message);
    }

    static RemoteWriteRejected unsupportedMediaType(String message) {
        return new RemoteWriteRejected(415, RejectReason.UNSUPPORTED_MEDIA_TYPE, message);
    }

    /**
     * 503 with Retry-After, not 429: Prometheus 2.x drops a batch answered 429 unless {@code retry_on_http_429} is set,
     * and retries every 5xx.
     */
    static RemoteWriteRejected overBudget(String message) {
        return new RemoteWriteRejected(503, RejectReason.THROTTLED, message);
    }

    static RemoteWriteRejected tooLarge(String message) {
        return new RemoteWriteRejected(413, RejectReason.TOO_LARGE, message);
    }

    int status() {
        return status;
    }

    RejectReason reason() {
        return reason;
    }
}
