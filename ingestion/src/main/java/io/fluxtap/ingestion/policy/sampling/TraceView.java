package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord;
import java.util.List;

/** The spans of one trace as a policy sees them when the trace is decided. */
public record TraceView(String traceId, List<SpanRecord> spans) {

    public TraceView {
        spans = List.copyOf(spans);
    }
}
