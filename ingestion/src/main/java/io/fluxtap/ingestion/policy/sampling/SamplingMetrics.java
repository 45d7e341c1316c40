package io.fluxtap.ingestion.policy.sampling;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The sampler's counters on {@code /metrics} ({@code _total} added by the exposition):
 * {@code fluxtap_sampling_traces_total{policy,decision}} what each policy said about each decided trace (the
 * Collector's {@code count_traces_sampled}); {@code fluxtap_sampling_decisions_total{decision,reason}} the final
 * decisions and why they were taken then ({@code complete}, {@code root_ended}, {@code buffer_full} for traces decided
 * early because the buffer was full, {@code shutdown}); {@code fluxtap_sampling_late_spans_total{decision}} spans that
 * followed a cached decision; gauges of the buffered traces and spans.
 */
public class SamplingMetrics {

    public static final String TRACES = "fluxtap_sampling_traces";
    public static final String DECISIONS = "fluxtap_sampling_decisions";
    public static final String LATE_SPANS = "fluxtap_sampling_late_spans";
    public static final String BUFFERED_TRACES = "fluxtap_sampling_buffered_traces";
    public static final String BUFFERED_SPANS = "fluxtap_sampling_buffered_spans";
    public static final String BUFFERED_BYTES = "fluxtap_sampling_buffered_bytes";

    private static final Logger LOG = System.getLogger(SamplingMetrics.class.getName());

    private final MetricRegistry registry;
    private final Map<MetricID, Counter> counters = new ConcurrentHashMap<>();

    public SamplingMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    void policyDecision(String policy, Decision decision) {
        increment(TRACES, 1, new Tag("policy", policy), new Tag("decision", decision.label()));
    }

    void traceDecided(boolean kept, String reason) {
        increment(DECISIONS, 1, new Tag("decision", kept ? "sampled" : "not_sampled"), new Tag("reason", reason));
    }

    void lateSpans(boolean kept, int spans) {
        increment(LATE_SPANS, spans, new Tag("decision", kept ? "sampled" : "not_sampled"));
    }

    void track(Supplier<Long> traces, Supplier<Long> spans, Supplier<Long> bytes) {
        try {
            registry.gauge(BUFFERED_TRACES, traces::get);
            registry.gauge(BUFFERED_SPANS, spans::get);
            registry.gauge(BUFFERED_BYTES, bytes::get);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot register the sampling gauges", e);
        }
    }

    void forget() {
        registry.remove(BUFFERED_TRACES);
        registry.remove(BUFFERED_SPANS);
        registry.remove(BUFFERED_BYTES);
    }

    /** Counting runs on the data path: a failing registry is reported, never fails a request. */
    private void increment(String name, long amount, Tag... tags) {
        try {
            counters.computeIfAbsent(new MetricID(name, tags), id -> registry.counter(name, tags)).inc(amount);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot count " + amount + " on metric " + name, e);
        }
    }
}
