package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code latency}: the trace's duration, from its earliest span start to its latest span end, in whole milliseconds
 * (truncated, as Go's {@code Duration.Milliseconds}), at least {@code threshold_ms}; with an
 * {@code upper_threshold_ms} above {@code threshold_ms} and at most the upper one. The Collector measures the span
 * range as it iterates and may stop early inside the window; this measures the whole trace, so a trace longer than
 * the upper threshold is never sampled by it.
 */
record LatencyPolicy(long thresholdMs, long upperThresholdMs) implements SamplingPolicy {

    @Override
    public Decision evaluate(TraceView trace, Instant now) {
        Instant start = null;
        Instant end = null;
        for (SpanRecord span : trace.spans()) {
            start = start == null || span.startTime().isBefore(start) ? span.startTime() : start;
            end = end == null || span.endTime().isAfter(end) ? span.endTime() : end;
        }
        if (start == null) {
            return Decision.NOT_SAMPLED;
        }
        long ms = Duration.between(start, end).toMillis();
        boolean inside = upperThresholdMs == 0 ? ms >= thresholdMs : thresholdMs < ms && ms <= upperThresholdMs;
        return inside ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
}
