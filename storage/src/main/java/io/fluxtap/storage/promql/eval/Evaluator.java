package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.eval.Value.Matrix;
import io.fluxtap.storage.promql.eval.Value.Scalar;
import io.fluxtap.storage.promql.eval.Value.Str;
import io.fluxtap.storage.promql.eval.Value.Vector;
import io.fluxtap.storage.promql.eval.functions.FunctionCall;
import io.fluxtap.storage.promql.eval.functions.FunctionRegistry;
import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Expr.MatrixSelector;
import io.fluxtap.storage.promql.parse.Expr.Subquery;
import io.fluxtap.storage.promql.parse.Expr.VectorSelector;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a syntax tree at one instant over the series a {@link QueryContext} has read. */
public final class Evaluator {

    private final QueryContext ctx;
    private final FunctionRegistry functions;
    private final Map<Expr.Aggregate, Aggregations.GroupKeys> groupKeyCache = new IdentityHashMap<>();
    /** Per range selector, each series' last window bounds (start and end index), where the next step's search starts. */
    private final Map<MatrixSelector, int[]> windowHints = new IdentityHashMap<>();

    Evaluator(QueryContext ctx, FunctionRegistry functions) {
        this.ctx = ctx;
        this.functions = functions;
    }

    public Annotations annotations() {
        return ctx.annotations;
    }

    public boolean isRangeQuery() {
        return ctx.rangeQuery;
    }

    /** The time an {@code @} modifier pins, {@code start()}/{@code end()} being the query's bounds. */
    public long resolveAt(Expr.At at, long t) {
        return ctx.resolve(at, t);
    }

    public Value eval(Expr expr, long t) {
        ctx.checkDeadline();
        return switch (expr) {
            case Expr.NumberLiteral n -> new Scalar(n.value());
            case Expr.StringLiteral s -> new Str(s.value());
            case Expr.Paren p -> eval(p.expr(), t);
            case Expr.Unary u -> negate(eval(u.expr(), t));
            case VectorSelector vs -> new Vector(instant(vs, t, false));
            case MatrixSelector ms -> new Matrix(range(ms, t));
            case Subquery sq -> new Matrix(subquery(sq, t));
            case Expr.Binary b -> BinaryOperations.apply(b, eval(b.lhs(), t), eval(b.rhs(), t));
            case Expr.Aggregate a -> Aggregations.apply(a, a.param() == null ? null : eval(a.param(), t),
                    ((Vector) eval(a.expr(), t)).samples(), ctx.annotations, groupKeys(a));
            case Expr.Call c -> {
                List<Value> args = new ArrayList<>(c.args().size());
                for (Expr arg : c.args()) {
                    args.add(eval(arg, t));
                }
                Value result = functions.get(c.function().name()).apply(new FunctionCall(c, args, t, this));
                for (int i = 0; i < args.size(); i++) {
                    if (unwrap(c.args().get(i)) instanceof Subquery) {
                        ctx.release(size((Matrix) args.get(i)));
                    }
                }
                yield result;
            }
        };
    }

    private static Expr unwrap(Expr expr) {
        Expr e = expr;
        while (e instanceof Expr.Paren p) {
            e = p.expr();
        }
        return e;
    }

    private static long size(Matrix m) {
        long n = 0;
        for (Window w : m.windows()) {
            n += w.size();
        }
        return n;
    }

    private Aggregations.GroupKeys groupKeys(Expr.Aggregate a) {
        return groupKeyCache.computeIfAbsent(a, k -> new Aggregations.GroupKeys());
    }

    private static Value negate(Value v) {
        if (v instanceof Scalar s) {
            return new Scalar(-s.value());
        }
        List<Sample> in = ((Vector) v).samples();
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(new Sample(s.labels(), -s.value(), true));
        }
        return new Vector(out);
    }

    /**
     * The instant vector of a selector at t: each series' newest sample in (t - lookback, t], unless that sample is
     * a stale marker. With {@code timestamps} the values are the samples' times in seconds (for timestamp()).
     */
    public List<Sample> instant(VectorSelector vs, long t, boolean timestamps) {
        long te = ctx.resolve(vs.at(), t) - vs.offsetMs();
        List<SeriesData> series = ctx.series(vs);
        List<Sample> out = new ArrayList<>(series.size());
        for (SeriesData s : series) {
            int i = SeriesData.lastAtOrBefore(s.timestamps(), te);
            if (i < 0 || s.timestamps()[i] <= te - ctx.lookbackMs || SeriesData.isStale(s.values()[i])) {
                continue;
            }
            out.add(new Sample(s.labels(), timestamps ? s.timestamps()[i] / 1000.0 : s.values()[i], timestamps));
        }
        return out;
    }

    private List<Window> range(MatrixSelector ms, long t) {
        VectorSelector vs = ms.selector();
        long te = ctx.resolve(vs.at(), t) - vs.offsetMs();
        List<SeriesData> series = ctx.series(vs);
        int[] hints = windowHints.computeIfAbsent(ms, k -> new int[2 * series.size()]);
        List<Window> out = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            SeriesData s = series.get(i);
            long[] ts = s.rangeTimestamps();
            int last = SeriesData.lastAtOrBefore(ts, te, hints[2 * i]);
            int beforeFirst = SeriesData.lastAtOrBefore(ts, te - ms.rangeMs(), hints[2 * i + 1]);
            hints[2 * i] = last;
            hints[2 * i + 1] = beforeFirst;
            int to = last + 1;
            int from = beforeFirst + 1;
            if (to > from) {
                out.add(new Window(s.labels(), ts, s.rangeValues(), from, to, false));
            }
        }
        return out;
    }

    private List<Window> subquery(Subquery sq, long t) {
        long te = ctx.resolve(sq.at(), t) - sq.offsetMs();
        long step = sq.stepMs() > 0 ? sq.stepMs() : QueryContext.DEFAULT_SUBQUERY_STEP_MS;
        long lowerBound = te - sq.rangeMs();
        // The first step is the first multiple of the step after the (open) lower bound.
        long first = step * (lowerBound / step);
        if (first <= lowerBound) {
            first += step;
        }
        Map<Labels, SeriesBuilder> bySeries = new LinkedHashMap<>();
        for (long ts = first; ts <= te; ts += step) {
            Value v = eval(sq.expr(), ts);
            // Counted step by step: the number of steps has no bound of its own ([1y:1ms] has 3 * 10^10).
            ctx.account(v instanceof Vector vector ? vector.samples().size() : 1);
            if (v instanceof Scalar s) {
                bySeries.computeIfAbsent(Labels.EMPTY, l -> new SeriesBuilder(l, false)).add(ts, s.value());
            } else {
                for (Sample sample : ((Vector) v).samples()) {
                    bySeries.computeIfAbsent(sample.labels(), l -> new SeriesBuilder(l, sample.dropName()))
                            .add(ts, sample.value());
                }
            }
        }
        List<Window> out = new ArrayList<>(bySeries.size());
        for (SeriesBuilder b : bySeries.values()) {
            out.add(b.toWindow());
        }
        return out;
    }

    static PromqlException execution(String message) {
        return new PromqlException(PromqlException.ErrorType.EXECUTION, message);
    }
}
