package io.fluxtap.ingestion.policy.sampling;

import java.time.Instant;

/**
 * One policy's evaluator. Rate-limiting policies keep state, so {@link TailSampler} calls them one trace at a time,
 * with the decision time from its clock.
 */
@FunctionalInterface
public interface SamplingPolicy {

    Decision evaluate(TraceView trace, Instant now);
}
