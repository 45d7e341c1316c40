package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Expr.At;
import io.fluxtap.storage.promql.parse.Expr.VectorSelector;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one query evaluation shares: its time bounds, limits, deadline, annotations and the series each selector
 * read. Selectors are read once, up front, over the narrowest range the query needs.
 */
final class QueryContext {

    static final long DEFAULT_SUBQUERY_STEP_MS = 60_000;

    final long startMs;
    final long endMs;
    final long lookbackMs;
    final boolean rangeQuery;
    final Annotations annotations;
    private final PromqlLimits limits;
    private final long deadlineNanos;
    private final Map<VectorSelector, List<SeriesData>> selected = new IdentityHashMap<>();
    /** Samples held now: loaded, in the answer so far, and in subquery results not yet used up. */
    private long samplesHeld;

    QueryContext(String query, long startMs, long endMs, boolean rangeQuery, PromqlLimits limits) {
        this.rangeQuery = rangeQuery;
        this.startMs = startMs;
        this.endMs = endMs;
        this.limits = limits;
        this.lookbackMs = limits.lookbackDelta().toMillis();
        this.annotations = new Annotations(query);
        this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
    }

    long resolve(At at, long t) {
        if (at == null) {
            return t;
        }
        return switch (at.kind()) {
            case START -> startMs;
            case END -> endMs;
            case TIME -> at.timeMs();
        };
    }

    void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(PromqlException.ErrorType.TIMEOUT, "query timed out in query execution");
        }
    }

    /**
     * Samples the query now holds besides those it held before (loaded or produced); beyond the limit the query
     * fails, as Prometheus' {@code currentSamples} does.
     */
    void account(long samples) {
        samplesHeld += samples;
        if (samplesHeld > limits.maxSamples()) {
            throw new PromqlException(PromqlException.ErrorType.EXECUTION,
                    "query processing would load too many samples into memory in query execution");
        }
    }

    /** Samples counted by {@link #account} that the query no longer holds. */
    void release(long samples) {
        samplesHeld -= samples;
    }

    List<SeriesData> series(VectorSelector selector) {
        return selected.getOrDefault(selector, List.of());
    }

    /** Reads every selector of {@code expr}, evaluated at times in [minT, maxT], from the source. */
    void load(Expr expr, long minT, long maxT, SeriesSource source) {
        switch (expr) {
            case VectorSelector vs -> read(vs, minT, maxT, lookbackMs, source);
            case Expr.MatrixSelector ms -> read(ms.selector(), minT, maxT, ms.rangeMs(), source);
            case Expr.Subquery sq -> {
                long lo = sq.at() == null ? minT : resolve(sq.at(), minT);
                long hi = sq.at() == null ? maxT : lo;
                load(sq.expr(), lo - sq.offsetMs() - sq.rangeMs(), hi - sq.offsetMs(), source);
            }
            case Expr.Paren p -> load(p.expr(), minT, maxT, source);
            case Expr.Unary u -> load(u.expr(), minT, maxT, source);
            case Expr.Binary b -> {
                load(b.lhs(), minT, maxT, source);
                load(b.rhs(), minT, maxT, source);
            }
            case Expr.Call c -> c.args().forEach(a -> load(a, minT, maxT, source));
            case Expr.Aggregate a -> {
                if (a.param() != null) {
                    load(a.param(), minT, maxT, source);
                }
                load(a.expr(), minT, maxT, source);
            }
            case Expr.NumberLiteral n -> { }
            case Expr.StringLiteral s -> { }
        }
    }

    private void read(VectorSelector vs, long minT, long maxT, long window, SeriesSource source) {
        long lo = vs.at() == null ? minT : resolve(vs.at(), minT);
        long hi = vs.at() == null ? maxT : lo;
        // Both the lookback and range windows are left-open: (t - window, t].
        List<StoredSeries> stored = source.select(vs.matchers(), lo - vs.offsetMs() - window + 1, hi - vs.offsetMs());
        List<SeriesData> data = new ArrayList<>(stored.size());
        for (StoredSeries s : stored) {
            account(s.values().length);
            data.add(SeriesData.of(Labels.of(s.labels()), s.timestampsMs(), s.values()));
        }
        selected.put(vs, data);
    }
}
