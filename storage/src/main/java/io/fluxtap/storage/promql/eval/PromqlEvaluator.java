package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlEngine;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.eval.Value.Matrix;
import io.fluxtap.storage.promql.eval.Value.Scalar;
import io.fluxtap.storage.promql.eval.Value.Str;
import io.fluxtap.storage.promql.eval.Value.Vector;
import io.fluxtap.storage.promql.eval.functions.FunctionRegistry;
import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.parse.ValueType;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The PromQL engine: parses, reads each selector's series once over the narrowest range the query needs, then
 * evaluates the tree step by step. Stateless between queries, so one instance serves concurrent queries.
 */
public final class PromqlEvaluator implements PromqlEngine {

    private final SeriesSource source;
    private final PromqlLimits limits;
    private final FunctionRegistry functions = new FunctionRegistry();

    public PromqlEvaluator(SeriesSource source, PromqlLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    @Override
    public Evaluation instant(String query, long timeMs) {
        return instant(Parser.parse(query), query, timeMs);
    }

    /**
     * An instant query of an already parsed (possibly rewritten) tree; {@code query} is the text annotation
     * positions refer to.
     */
    public Evaluation instant(Expr expr, String query, long timeMs) {
        QueryContext ctx = new QueryContext(query, timeMs, timeMs, false, limits);
        ctx.load(expr, timeMs, timeMs, source);
        Value value = new Evaluator(ctx, functions).eval(expr, timeMs);
        QueryResult result = switch (value) {
            case Scalar s -> new QueryResult.Scalar(timeMs, s.value());
            case Str s -> new QueryResult.StringValue(timeMs, s.value());
            case Vector v -> new QueryResult.InstantVector(finalSamples(v.samples(), timeMs));
            case Matrix m -> new QueryResult.RangeMatrix(finalWindows(m.windows()));
        };
        return new Evaluation(result, ctx.annotations.warnings(), ctx.annotations.infos());
    }

    @Override
    public Evaluation range(String query, long startMs, long endMs, long stepMs) {
        // Bad bounds are reported before a bad expression, as Prometheus' API does.
        checkRange(startMs, endMs, stepMs);
        return range(Parser.parse(query), query, startMs, endMs, stepMs);
    }

    private void checkRange(long startMs, long endMs, long stepMs) {
        if (stepMs <= 0) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (endMs < startMs) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        if ((endMs - startMs) / stepMs + 1 > limits.maxPointsPerSeries()) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA, String.format(
                    "exceeded maximum resolution of %,d points per timeseries. Try decreasing the query resolution (?step=XX)",
                    limits.maxPointsPerSeries()));
        }
    }

    /** A range query of an already parsed tree, as {@link #instant(Expr, String, long)}. */
    public Evaluation range(Expr expr, String query, long startMs, long endMs, long stepMs) {
        checkRange(startMs, endMs, stepMs);
        if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA, "invalid expression type \""
                    + expr.type().description() + "\" for range query, must be Scalar or instant Vector");
        }
        QueryContext ctx = new QueryContext(query, startMs, endMs, true, limits);
        ctx.load(expr, startMs, endMs, source);
        Evaluator evaluator = new Evaluator(ctx, functions);
        Map<Labels, SeriesBuilder> bySeries = new LinkedHashMap<>();
        for (long t = startMs; t <= endMs; t += stepMs) {
            Value value = evaluator.eval(expr, t);
            if (value instanceof Scalar s) {
                bySeries.computeIfAbsent(Labels.EMPTY, l -> new SeriesBuilder(l, false)).add(t, s.value());
                ctx.account(1);
            } else {
                List<Sample> samples = ((Vector) value).samples();
                ctx.account(samples.size());
                for (Sample sample : samples) {
                    SeriesBuilder b = bySeries.computeIfAbsent(sample.labels(), l -> new SeriesBuilder(l, false));
                    b.dropName |= sample.dropName();
                    b.add(t, sample.value());
                }
            }
        }
        List<Window> windows = new ArrayList<>(bySeries.size());
        for (SeriesBuilder b : bySeries.values()) {
            windows.add(b.toWindow());
        }
        return new Evaluation(new QueryResult.RangeMatrix(finalWindows(windows)), ctx.annotations.warnings(),
                ctx.annotations.infos());
    }

    @Override
    public List<LabelMatcher> parseSeriesSelector(String selector) {
        return Parser.parseSeriesSelector(selector);
    }

    private static List<QueryResult.Sample> finalSamples(List<Sample> samples, long timeMs) {
        List<QueryResult.Sample> out = new ArrayList<>(samples.size());
        Set<Labels> seen = new HashSet<>();
        for (Sample s : samples) {
            Labels labels = s.dropName() ? s.labels().withoutMetricName() : s.labels();
            if (!seen.add(labels)) {
                throw Evaluator.execution("vector cannot contain metrics with the same labelset");
            }
            out.add(new QueryResult.Sample(labels.toMap(), timeMs, s.value()));
        }
        return out;
    }

    /**
     * Names dropped, sorted by labels as Prometheus returns matrices. Series that end up with the same labels merge
     * when their points do not overlap in time (e.g. -a over a range where only one of two names had samples).
     */
    private static List<QueryResult.Series> finalWindows(List<Window> windows) {
        Map<Labels, List<Window>> byLabels = new TreeMap<>();
        for (Window w : windows) {
            Labels labels = w.dropName() ? w.labels().withoutMetricName() : w.labels();
            byLabels.computeIfAbsent(labels, l -> new ArrayList<>(1)).add(w);
        }
        List<QueryResult.Series> out = new ArrayList<>(byLabels.size());
        for (Map.Entry<Labels, List<Window>> e : byLabels.entrySet()) {
            List<Window> parts = e.getValue();
            int size = 0;
            for (Window w : parts) {
                size += w.size();
            }
            long[] ts = new long[size];
            double[] vs = new double[size];
            if (parts.size() == 1) {
                Window w = parts.get(0);
                System.arraycopy(w.timestamps(), w.from(), ts, 0, size);
                System.arraycopy(w.values(), w.from(), vs, 0, size);
            } else {
                mergeDisjoint(parts, ts, vs);
            }
            out.add(new QueryResult.Series(e.getKey().toMap(), ts, vs));
        }
        return out;
    }

    private static void mergeDisjoint(List<Window> parts, long[] ts, double[] vs) {
        TreeMap<Long, Double> points = new TreeMap<>();
        for (Window w : parts) {
            for (int i = 0; i < w.size(); i++) {
                if (points.put(w.timestamp(i), w.value(i)) != null) {
                    throw Evaluator.execution("vector cannot contain metrics with the same labelset");
                }
            }
        }
        int i = 0;
        for (Map.Entry<Long, Double> p : points.entrySet()) {
            ts[i] = p.getKey();
            vs[i++] = p.getValue();
        }
    }
}
