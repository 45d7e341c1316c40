package io.fluxtap.ingestion.policy.sampling;

import java.time.Instant;
import java.util.List;

/** {@code and}: sampled only when every sub-policy samples (the first "not sampled", inverted or not, stops it). */
record AndPolicy(List<NamedPolicy> subPolicies) implements SamplingPolicy {

    AndPolicy {
        subPolicies = List.copyOf(subPolicies);
    }

    @Override
    public Decision evaluate(TraceView trace, Instant now) {
        for (NamedPolicy sub : subPolicies) {
            if (!sub.policy().evaluate(trace, now).sampled()) {
                return Decision.NOT_SAMPLED;
            }
        }
        return Decision.SAMPLED;
    }
}
