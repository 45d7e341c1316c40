package io.fluxtap.ingestion.policy.sampling;

import java.time.Duration;
import java.util.List;

/**
 * The tail sampler's settings, as {@link SamplingConfigReader} reads them from {@code conf/sampling.yml}.
 *
 * @param decisionWait          a trace is decided once no new span came for this long (Collector's
 *                              {@code decision_wait}, 10s)
 * @param rootSpanGrace         or once this long has passed since its root span arrived (an exporter sends a span when
 *                              it ends, so the root's arrival means the request is over; {@code root_span_grace}, 2s)
 * @param numTraces             at most this many undecided traces are held ({@code num_traces}, 50000)
 * @param maxBufferedSpans      and at most this many spans in all ({@code max_buffered_spans}, 200000)
 * @param maxBufferedBytes      and at most about this many bytes of heap in all ({@code max_buffered_bytes},
 *                              64 MiB, see {@link SpanBytes}): the memory bound, which a span count alone is not
 *                              (one span can carry a kilobyte of attributes or a hundred); over any of the three,
 *                              the oldest undecided traces are decided early
 * @param sampledCacheSize      trace ids remembered as kept, so late spans follow ({@code decision_cache.
 *                              sampled_cache_size}, 100000)
 * @param nonSampledCacheSize   trace ids remembered as dropped ({@code decision_cache.non_sampled_cache_size}, 100000)
 * @param sampleOnFirstMatch    stop evaluating at the first policy that samples ({@code sample_on_first_match})
 * @param policies              the policies; none means sampling is off (every span is stored at once)
 */
public record SamplingConfig(Duration decisionWait, Duration rootSpanGrace, int numTraces, int maxBufferedSpans,
                             long maxBufferedBytes, int sampledCacheSize, int nonSampledCacheSize, boolean sampleOnFirstMatch,
                             List<NamedPolicy> policies) {

    public static final Duration DEFAULT_DECISION_WAIT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ROOT_SPAN_GRACE = Duration.ofSeconds(2);
    public static final int DEFAULT_NUM_TRACES = 50_000;
    public static final int DEFAULT_MAX_BUFFERED_SPANS = 200_000;
    /** An eighth of the default 512 MiB heap. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L << 20;
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    /** Sampling off: every span is stored as it comes. */
    public static final SamplingConfig OFF = new SamplingConfig(DEFAULT_DECISION_WAIT, DEFAULT_ROOT_SPAN_GRACE,
            DEFAULT_NUM_TRACES, DEFAULT_MAX_BUFFERED_SPANS, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_CACHE_SIZE, DEFAULT_CACHE_SIZE, false, List.of());

    public SamplingConfig {
        policies = List.copyOf(policies);
    }

    public boolean enabled() {
        return !policies.isEmpty();
    }
}
