package io.fluxtap.ingestion.policy.sampling;

/** A configured policy: its name (the {@code policy} label on {@code /metrics}), its type and its evaluator. */
public record NamedPolicy(String name, String type, SamplingPolicy policy) {
}
