package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code string_attribute} and {@code numeric_attribute}: a resource or span attribute under {@code key} whose value
 * matches. Without {@code invert_match}: sampled when any resource or span matches. With it, as the Collector:
 * "not sampled" (a veto over the other policies) when any matches, otherwise an inverted "sampled" (also when no
 * span has the key at all).
 */
record AttributePolicy(String key, Predicate<Object> matches, boolean invertMatch) implements SamplingPolicy {

    @Override
    public Decision evaluate(TraceView trace, Instant now) {
        boolean any = trace.spans().stream().anyMatch(this::matches);
        if (invertMatch) {
            return any ? Decision.INVERT_NOT_SAMPLED : Decision.INVERT_SAMPLED;
        }
        return any ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }

    private boolean matches(SpanRecord span) {
        return matches(span.resource()) || matches(span.attributes());
    }

    private boolean matches(Map<String, Object> attributes) {
        Object value = attributes.get(key);
        return value != null && matches.test(value);
    }
}
