package io.fluxtap.ingestion.otlp.translate;

import io.fluxtap.ingestion.metrics.RejectReason;

/**
 * One OTLP metric data point that cannot become samples; the export goes on without it and the sender
 * reads {@link #getMessage()} in the partial success. Checked, so no mapping step can forget to handle it.
 */
final class InvalidDataPoint extends Exception {

    private final RejectReason reason;

    InvalidDataPoint(String cause) {
        this(RejectReason.INVALID_RECORD, cause);
    }

    InvalidDataPoint(RejectReason reason, String cause) {
        super(cause, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
