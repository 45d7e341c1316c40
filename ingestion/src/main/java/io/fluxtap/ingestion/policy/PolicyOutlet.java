package io.fluxtap.ingestion.policy;

import io.fluxtap.api.SpanRecord;
import java.util.List;

/**
 * Where a stage publishes records it held back and has since released (the tail sampler's kept traces): straight
 * into the lanes, past the policy chain, since every stage already saw them on the way in. The lane router hands
 * it to the stages when it starts.
 */
@FunctionalInterface
public interface PolicyOutlet {

    /** Spans go to lane P2 as any span does: a full ring drops and counts them. */
    void publishSpans(List<SpanRecord> spans);
}
