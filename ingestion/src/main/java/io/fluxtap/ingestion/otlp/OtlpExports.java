package io.fluxtap.ingestion.otlp;

import com.google.protobuf.Message;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One export, whatever its signal and transport: decode, publish to the lanes, and answer with OTLP's
 * partial success for records refused one by one (invalid, or shed from a full telemetry lane). A request the
 * lanes cannot take as a whole is refused with a retryable {@link RequestRejected}.
 */
public final class OtlpExports {

    private final LaneRouter lanes;
    private final IngestMetrics metrics;
    private final AttributeSanitizer sanitizer;

    public OtlpExports(LaneRouter lanes, IngestMetrics metrics, AttributeSanitizer sanitizer) {
        this.lanes = lanes;
        this.metrics = metrics;
        this.sanitizer = sanitizer;
    }

    public <Q extends Message, R extends Message, T extends IngestRecord> R export(OtlpSignal<Q, R, T> signal, Q request)
            throws RequestRejected {
        Decoded<T> decoded = signal.decode(request);
        IngestOutcome outcome = signal.publish(lanes, sanitizer.apply(decoded.records()));
        int records = decoded.records().size();
        switch (outcome.result()) {
            case ACCEPTED -> { }
            case THROTTLED -> throw RequestRejected.throttled(
                    "the write-ahead log is full until the store catches up; retry later", records);
            case CLOSED -> throw RequestRejected.overloaded("the server is shutting down; retry later", records);
            default -> throw RequestRejected.overloaded(
                    "ingestion could not make the records durable in time; retry later", records);
        }
        decoded.rejectedByReason().forEach((reason, count) -> metrics.rejected(signal.signal(), reason, count));
        List<String> messages = new ArrayList<>();
        if (decoded.rejected() > 0) {
            messages.add(decoded.rejectionMessage());
        }
        if (outcome.dropped() > 0) {
            messages.add(signal.droppedMessage(outcome.dropped()));
        }
        return signal.reply(decoded.rejected() + outcome.dropped(), String.join("; ", messages));
    }

    public IngestMetrics metrics() {
        return metrics;
    }
}
