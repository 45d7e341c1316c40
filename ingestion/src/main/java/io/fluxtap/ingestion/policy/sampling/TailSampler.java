package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffer of undecided traces and the decisions. {@link #offer} takes a request's spans and answers the ones to
 * store now: those of traces already kept (the decision cache) and those of traces it had to decide early to stay
 * within {@code num_traces}, {@code max_buffered_spans} and {@code max_buffered_bytes}, oldest first. {@link #decideDue} decides every trace that
 * is complete (no span for {@code decision_wait}, or {@code root_span_grace} after its root span) and answers the
 * kept traces' spans, every one of them. Spans of dropped traces are forgotten. Decisions are remembered by trace id,
 * so spans arriving later follow them. Time is the clock's; nothing here waits or runs a thread.
 */
public final class TailSampler {

    static final String COMPLETE = "complete";
    static final String ROOT_ENDED = "root_ended";
    static final String BUFFER_FULL = "buffer_full";
    static final String SHUTDOWN = "shutdown";

    private final SamplingConfig config;
    private final Clock clock;
    private final SamplingMetrics metrics;
    /** Insertion order is first arrival: the head is the oldest trace, decided first when the buffer is full. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private boolean closed;
    private final Map<String, Boolean> sampled;
    private final Map<String, Boolean> notSampled;
    private long bufferedSpans;
    private long bufferedBytes;

    private static final class Pending {
        final List<SpanRecord> spans = new ArrayList<>();
        long bytes;
        Instant lastArrival;
        Instant rootArrival;
    }

    public TailSampler(SamplingConfig config, Clock clock, SamplingMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.sampled = lru(config.sampledCacheSize());
        this.notSampled = lru(config.nonSampledCacheSize());
    }

    public synchronized List<SpanRecord> offer(List<SpanRecord> spans) {
        if (closed) {
            // A reload replaced this sampler while the request was on its way: keeping is the safe answer.
            return spans;
        }
        Instant now = clock.instant();
        List<SpanRecord> store = new ArrayList<>();
        Map<String, List<SpanRecord>> byTrace = new LinkedHashMap<>();
        for (SpanRecord span : spans) {
            byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        }
        for (Map.Entry<String, List<SpanRecord>> trace : byTrace.entrySet()) {
            List<SpanRecord> group = trace.getValue();
            if (sampled.get(trace.getKey()) != null) {
                store.addAll(group);
                metrics.lateSpans(true, group.size());
                continue;
            }
            if (notSampled.get(trace.getKey()) != null) {
                metrics.lateSpans(false, group.size());
                continue;
            }
            Pending buffered = pending.computeIfAbsent(trace.getKey(), id -> new Pending());
            buffered.spans.addAll(group);
            buffered.lastArrival = now;
            if (buffered.rootArrival == null && group.stream().anyMatch(s -> s.parentSpanId() == null)) {
                buffered.rootArrival = now;
            }
            long bytes = group.stream().mapToLong(SpanBytes::of).sum();
            buffered.bytes += bytes;
            bufferedSpans += group.size();
            bufferedBytes += bytes;
        }
        while (!pending.isEmpty() && (pending.size() > config.numTraces() || bufferedSpans > config.maxBufferedSpans()
                || bufferedBytes > config.maxBufferedBytes())) {
            Map.Entry<String, Pending> oldest = pending.entrySet().iterator().next();
            store.addAll(decide(oldest.getKey(), oldest.getValue(), now, BUFFER_FULL));
            pending.remove(oldest.getKey());
        }
        return store;
    }

    /** Decides the traces that are complete by now; answers the spans of those kept. */
    public synchronized List<SpanRecord> decideDue() {
        Instant now = clock.instant();
        List<SpanRecord> kept = new ArrayList<>();
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> entry = it.next();
            Pending trace = entry.getValue();
            String reason = null;
            if (!now.isBefore(trace.lastArrival.plus(config.decisionWait()))) {
                reason = COMPLETE;
            } else if (trace.rootArrival != null && !now.isBefore(trace.rootArrival.plus(config.rootSpanGrace()))) {
                reason = ROOT_ENDED;
            }
            if (reason != null) {
                kept.addAll(decide(entry.getKey(), trace, now, reason));
                it.remove();
            }
        }
        return kept;
    }

    /**
     * Decides every buffered trace now and takes no more: spans offered afterwards pass as they came. For a sampler
     * that a reload replaces, so nothing stays buffered in it.
     */
    public synchronized List<SpanRecord> close() {
        closed = true;
        return decideAll();
    }

    /** Decides every buffered trace now (at shutdown, so a clean stop loses nothing). */
    public synchronized List<SpanRecord> decideAll() {
        Instant now = clock.instant();
        List<SpanRecord> kept = new ArrayList<>();
        pending.forEach((id, trace) -> kept.addAll(decide(id, trace, now, SHUTDOWN)));
        pending.clear();
        return kept;
    }

    public synchronized long bufferedTraces() {
        return pending.size();
    }

    public synchronized long bufferedSpans() {
        return bufferedSpans;
    }

    /** The buffered spans' heap, as {@link SpanBytes} estimates it. */
    public synchronized long bufferedBytes() {
        return bufferedBytes;
    }

    /** The Collector's rules: an inverted "not sampled" vetoes; else any "sampled"; else an inverted "sampled" with no "not sampled". */
    private List<SpanRecord> decide(String traceId, Pending trace, Instant now, String reason) {
        bufferedSpans -= trace.spans.size();
        bufferedBytes -= trace.bytes;
        TraceView view = new TraceView(traceId, trace.spans);
        boolean anySampled = false;
        boolean anyNotSampled = false;
        boolean anyInvertSampled = false;
        boolean veto = false;
        for (NamedPolicy policy : config.policies()) {
            Decision decision = policy.policy().evaluate(view, now);
            metrics.policyDecision(policy.name(), decision);
            switch (decision) {
                case SAMPLED -> anySampled = true;
                case NOT_SAMPLED -> anyNotSampled = true;
                case INVERT_SAMPLED -> anyInvertSampled = true;
                case INVERT_NOT_SAMPLED -> veto = true;
            }
            if (config.sampleOnFirstMatch() && decision == Decision.SAMPLED) {
                break;
            }
        }
        boolean keep = !veto && (anySampled || (anyInvertSampled && !anyNotSampled));
        metrics.traceDecided(keep, reason);
        if (keep) {
            sampled.put(traceId, Boolean.TRUE);
            return view.spans();
        }
        notSampled.put(traceId, Boolean.TRUE);
        return List.of();
    }

    private static Map<String, Boolean> lru(int size) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > size;
            }
        };
    }
}
