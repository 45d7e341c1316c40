package io.fluxtap.ingestion.otlp.translate;

import io.fluxtap.ingestion.metrics.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * The outcome of decoding one export request.
 *
 * @param records           the valid records, in request order
 * @param rejectedByReason  how many records were refused, by the reason they are counted under
 * @param rejectionMessage  why, for the partial-success response; null when nothing was refused
 */
public record Decoded<T>(List<T> records, Map<RejectReason, Long> rejectedByReason, String rejectionMessage) {

    public Decoded {
        records = List.copyOf(records);
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    Decoded(List<T> records, Rejections rejections) {
        this(records, rejections.countByReason(), rejections.message());
    }

    /** How many records were refused, for every reason. */
    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
