package io.fluxtap.ingestion.otlp;

/**
 * One OTLP metric data point that cannot become samples; the export goes on without it and the sender
 * reads {@link #getMessage()} in the partial success. Checked, so no mapping step can forget to handle it.
 */
final class InvalidDataPoint extends Exception {

    InvalidDataPoint(String cause) {
        super(cause, null, false, false);
    }
}
