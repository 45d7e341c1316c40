package io.fluxtap.ingestion.policy.mask;

import java.util.HashMap;
import java.util.Map;

/**
 * What one call of the stage masked, by rule: counted here without locks and handed to {@link MaskMetrics} once,
 * so a batch of clean records touches no counter. Used by one thread.
 */
public final class MaskCounts {

    private Map<String, Long> byRule;

    public void add(String rule) {
        if (byRule == null) {
            byRule = new HashMap<>(4);
        }
        byRule.merge(rule, 1L, Long::sum);
    }

    public boolean isEmpty() {
        return byRule == null;
    }

    public long get(String rule) {
        return byRule == null ? 0 : byRule.getOrDefault(rule, 0L);
    }

    Map<String, Long> byRule() {
        return byRule == null ? Map.of() : byRule;
    }
}
