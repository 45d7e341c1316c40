/**
 * Tail-based trace sampling (issue #14): spans wait here until their trace is decided, then the trace is stored
 * whole or not at all. Policies are configured and named as the OpenTelemetry Collector's {@code tail_sampling}
 * processor names them ({@code conf/sampling.yml}), so a Collector configuration can be pasted. It is hand-written
 * because no Java library offers tail sampling as a stage: the Collector's processor is Go, and the Java SDK's
 * samplers decide at the head of a trace, before its outcome (error, latency) is known.
 * <p>
 * {@link io.fluxtap.ingestion.policy.sampling.TailSampler} is the buffer and the decisions (no threads; a
 * {@link java.time.Clock} says what time it is, so tests are exact);
 * {@link io.fluxtap.ingestion.policy.sampling.TailSamplingStage} is the policy stage around it that ticks it and
 * publishes released traces past the policy chain. Off unless the configuration file has policies.
 */
package io.fluxtap.ingestion.policy.sampling;
