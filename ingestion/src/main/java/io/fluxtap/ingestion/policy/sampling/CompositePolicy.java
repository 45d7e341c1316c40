package io.fluxtap.ingestion.policy.sampling;

import java.time.Instant;
import java.util.List;

/**
 * {@code composite}: sub-policies in {@code policy_order}, each with a share of {@code max_total_spans_per_second}
 * ({@code rate_allocation} percent; a sub-policy without an allocation gets none, as in the Collector). The first
 * sub-policy that samples decides: sampled if its spans this second (and the total) stay within its share, else not
 * sampled. Counters restart each clock second.
 */
final class CompositePolicy implements SamplingPolicy {

    record Allocated(NamedPolicy policy, long spansPerSecond) {
    }

    private final long maxTotalSpansPerSecond;
    private final List<Allocated> subPolicies;
    private final long[] sampledThisSecond;
    private long currentSecond = Long.MIN_VALUE;

    CompositePolicy(long maxTotalSpansPerSecond, List<Allocated> subPolicies) {
        this.maxTotalSpansPerSecond = maxTotalSpansPerSecond;
        this.subPolicies = List.copyOf(subPolicies);
        this.sampledThisSecond = new long[subPolicies.size()];
    }

    @Override
    public synchronized Decision evaluate(TraceView trace, Instant now) {
        if (now.getEpochSecond() != currentSecond) {
            currentSecond = now.getEpochSecond();
            java.util.Arrays.fill(sampledThisSecond, 0);
        }
        for (int i = 0; i < subPolicies.size(); i++) {
            Allocated sub = subPolicies.get(i);
            if (sub.policy().policy().evaluate(trace, now).sampled()) {
                long ifSampled = sampledThisSecond[i] + trace.spans().size();
                if (ifSampled <= sub.spansPerSecond() && ifSampled <= maxTotalSpansPerSecond) {
                    sampledThisSecond[i] = ifSampled;
                    return Decision.SAMPLED;
                }
                return Decision.NOT_SAMPLED;
            }
        }
        return Decision.NOT_SAMPLED;
    }
}
