package io.fluxtap.ingestion.otlp;

import java.util.List;

/**
 * The outcome of decoding one export request.
 *
 * @param records          the valid records, in request order
 * @param rejected         how many records were refused
 * @param rejectionMessage why, for the partial-success response; null when nothing was refused
 */
record Decoded<T>(List<T> records, long rejected, String rejectionMessage) {

    Decoded {
        records = List.copyOf(records);
    }
}
