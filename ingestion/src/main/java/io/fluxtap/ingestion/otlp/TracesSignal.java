package io.fluxtap.ingestion.otlp;

import io.fluxtap.api.Signal;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import io.fluxtap.ingestion.otlp.translate.OtlpTracesDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import java.util.List;

/**
 * OTLP traces: {@code /v1/traces} and {@code TraceService/Export}. A span without a start time is refused,
 * never stamped with "now"; the clock only bounds how far ahead a span may be dated.
 */
final class TracesSignal implements OtlpSignal<ExportTraceServiceRequest, ExportTraceServiceResponse, SpanRecord> {

    private final OtlpTracesDecoder decoder;

    TracesSignal(TimestampBounds bounds) {
        this.decoder = new OtlpTracesDecoder(bounds);
    }

    @Override
    public Signal signal() {
        return Signal.TRACES;
    }

    @Override
    public ExportTraceServiceRequest emptyRequest() {
        return ExportTraceServiceRequest.getDefaultInstance();
    }

    @Override
    public Decoded<SpanRecord> decode(ExportTraceServiceRequest request) {
        return decoder.decode(request);
    }

    @Override
    public IngestOutcome publish(LaneRouter lanes, List<SpanRecord> records) {
        return lanes.publishSpans(records);
    }

    @Override
    public ExportTraceServiceResponse reply(long rejected, String errorMessage) {
        ExportTraceServiceResponse.Builder reply = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0) {
            reply.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejected).setErrorMessage(errorMessage));
        }
        return reply.build();
    }

    @Override
    public String droppedMessage(int dropped) {
        return dropped + " spans dropped: lane P2 is full";
    }
}
