package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord.StatusCode;
import java.time.Instant;
import java.util.Set;

/** {@code status_code}: sampled when any span of the trace has one of the status codes. */
record StatusCodePolicy(Set<StatusCode> codes) implements SamplingPolicy {

    StatusCodePolicy {
        codes = Set.copyOf(codes);
    }

    @Override
    public Decision evaluate(TraceView trace, Instant now) {
        return trace.spans().stream().anyMatch(s -> codes.contains(s.statusCode())) ? Decision.SAMPLED
                : Decision.NOT_SAMPLED;
    }
}
