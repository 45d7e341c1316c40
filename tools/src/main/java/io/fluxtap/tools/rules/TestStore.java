package io.fluxtap.tools.rules;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.series.MemorySeriesSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One test group's data: the input series, loaded lazily up to each evaluation time as promtool's LazyLoader does,
 * and what the rules write back, in a {@link MemorySeriesSource} queried by the real PromQL engine. Native-histogram
 * samples are kept beside it ({@link #histogramAt}): the engine evaluates none, so a query that reads one fails
 * with a clear error instead of a wrong answer, except a plain selector, which {@link UnitTestRunner} answers
 * from here.
 */
final class TestStore implements PromqlQueries, RecordSink.Writer {

    static final long LOOKBACK_MS = PromqlLimits.prometheusDefaults().lookbackDelta().toMillis();
    static final String NO_HISTOGRAMS = "native histograms are not supported by Fluxtap's PromQL engine";

    private record Pending(SortedMap<String, String> labels, long timeMs, SeriesNotation.Value value) {
    }

    private final MemorySeriesSource source = new MemorySeriesSource();
    private final PromqlEvaluator engine = new PromqlEvaluator(source, PromqlLimits.prometheusDefaults());
    private final long subqueryStepMs;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparingLong(Pending::timeMs));
    private final Map<SortedMap<String, String>, TreeMap<Long, NativeHistogram>> histograms = new LinkedHashMap<>();

    /** @param subqueryStepMs the step of subqueries that give none: the file's evaluation_interval */
    TestStore(long subqueryStepMs) {
        this.subqueryStepMs = subqueryStepMs;
    }

    /** Adds an input series' samples, to be loaded when evaluation reaches their time. */
    void input(SortedMap<String, String> labels, long startMs, long intervalMs, List<SeriesNotation.Value> values) {
        for (int i = 0; i < values.size(); i++) {
            SeriesNotation.Value v = values.get(i);
            if (!(v instanceof SeriesNotation.Omitted)) {
                pending.add(new Pending(labels, startMs + i * intervalMs, v));
            }
            if (v instanceof SeriesNotation.HistogramValue) {
                source.markHistogram(labels);
            }
        }
    }

    /** promtool's {@code WithSamplesTill}: loads the input samples up to and including {@code timeMs}. */
    void loadTill(long timeMs) {
        while (!pending.isEmpty() && pending.peek().timeMs() <= timeMs) {
            Pending p = pending.poll();
            switch (p.value()) {
                case SeriesNotation.FloatValue f -> source.add(p.labels(), p.timeMs(), f.value());
                case SeriesNotation.HistogramValue h -> appendHistogram(p.labels(), p.timeMs(), h.histogram());
                case SeriesNotation.Omitted o -> {
                }
            }
        }
    }

    /** As the TSDB appends: a hint the notation did not set becomes reset or not_reset after the first sample. */
    private void appendHistogram(SortedMap<String, String> labels, long timeMs, NativeHistogram h) {
        TreeMap<Long, NativeHistogram> series = histograms.computeIfAbsent(labels, l -> new TreeMap<>());
        Map.Entry<Long, NativeHistogram> previous = series.lowerEntry(timeMs);
        NativeHistogram stored = h;
        if (!h.hintSet() && h.hint() != NativeHistogram.Hint.GAUGE) {
            NativeHistogram.Hint hint = previous == null ? NativeHistogram.Hint.UNKNOWN
                    : h.resetsAfter(previous.getValue()) ? NativeHistogram.Hint.RESET : NativeHistogram.Hint.NOT_RESET;
            stored = h.withHint(hint, false);
        }
        series.put(timeMs, stored);
    }

    /**
     * The histogram sample a plain selector sees at {@code timeMs} for the series, as the engine sees a float: the
     * latest within the lookback, unless a later float (a stale marker) ends it; null when there is none.
     */
    NativeHistogram histogramAt(SortedMap<String, String> labels, long timeMs) {
        TreeMap<Long, NativeHistogram> series = histograms.get(labels);
        if (series == null) {
            return null;
        }
        Map.Entry<Long, NativeHistogram> e = series.floorEntry(timeMs);
        if (e == null || e.getKey() <= timeMs - LOOKBACK_MS) {
            return null;
        }
        if (e.getKey() < timeMs) {
            for (var s : source.select(List.of(), e.getKey() + 1, timeMs)) {
                if (s.labels().equals(labels)) {
                    return null; // a float (the stale marker) came after the histogram
                }
            }
        }
        return e.getValue();
    }

    /** The series that have loaded histogram samples. */
    List<SortedMap<String, String>> histogramSeries() {
        return List.copyOf(histograms.keySet());
    }

    /** An instant query through the engine, as promtool's {@code query} (a scalar as one sample without labels). */
    QueryResult query(String expr, long timeMs) {
        source.resetHistogramSelected();
        return engine.instant(SubquerySteps.withDefault(Parser.parse(expr), subqueryStepMs), expr, timeMs).result();
    }

    boolean histogramSelected() {
        return source.histogramSelected();
    }

    // ---- PromqlQueries: what the rules evaluate through ----

    @Override
    public Vector instant(String expr, Instant at) {
        QueryResult result;
        try {
            result = query(expr, at.toEpochMilli());
        } catch (PromqlException e) {
            throw new QueryException(QueryException.Kind.EXECUTION, e.getMessage(), e);
        }
        if (histogramSelected()) {
            throw new QueryException(QueryException.Kind.EXECUTION, NO_HISTOGRAMS);
        }
        List<Sample> samples = new ArrayList<>();
        switch (result) {
            case QueryResult.InstantVector v -> v.samples().forEach(s -> samples.add(
                    new Sample(Labels.of(s.labels()), Instant.ofEpochMilli(s.timestampMs()), s.value())));
            case QueryResult.Scalar s -> samples.add(new Sample(Labels.EMPTY, Instant.ofEpochMilli(s.timestampMs()),
                    s.value()));
            default -> throw new QueryException(QueryException.Kind.BAD_DATA, "rule result is not a vector or scalar");
        }
        return new Vector(samples);
    }

    @Override
    public Matrix range(String expr, Instant start, Instant end, Duration step) {
        throw new QueryException(QueryException.Kind.BAD_DATA, "rules test runs instant queries only");
    }

    @Override
    public void parse(String expr) {
        try {
            Parser.parse(expr);
        } catch (PromqlException e) {
            throw new QueryException(QueryException.Kind.BAD_DATA, e.getMessage(), e);
        }
    }

    // ---- RecordSink.Writer: where the rules' output goes ----

    @Override
    public void write(RecordBatch batch) {
        source.addAll(batch.metrics());
    }

    @Override
    public void close() {
    }
}
