package io.fluxtap.tools.promqltest;

import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Expr.At;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The extra instant queries Prometheus' test runner derives from an {@code eval instant}: every selector and
 * subquery pinned with {@code @ evalTime}, then evaluated at other times. A correct engine must answer them all as
 * the original, since {@code @} makes the result independent of the evaluation time.
 */
final class AtModifierVariants {

    /** A rewritten tree evaluated at {@code timeMs}. */
    record Variant(Expr expr, long timeMs) {}

    /** Functions whose result depends on the evaluation time even over pinned arguments (Prometheus' list). */
    private static final Set<String> AT_UNSAFE_FUNCTIONS = Set.of(
            "days_in_month", "day_of_month", "day_of_week", "day_of_year", "end", "hour", "minute", "month", "year",
            "predict_linear", "range", "start", "step", "time", "timestamp");

    private AtModifierVariants() {
    }

    /** No variants when the expression calls a time-dependent function. */
    static List<Variant> of(Expr expr, long evalTimeMs) {
        if (callsUnsafeFunction(expr)) {
            return List.of();
        }
        Expr pinned = pin(expr, new At(At.Kind.TIME, evalTimeMs));
        long ts = evalTimeMs;
        long[] times = ts == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * ts, 0, ts / 5, ts, 10 * ts};
        List<Variant> out = new ArrayList<>(times.length);
        for (long t : times) {
            out.add(new Variant(pinned, t));
        }
        return out;
    }

    /**
     * Pins every selector and subquery without a fixed {@code @} time. Below a pinned subquery nothing changes: its
     * inner expression runs at the subquery's own steps. As in Prometheus, {@code @ start()} and {@code @ end()} count
     * as unpinned (they equal the evaluation time of an instant query anyway).
     */
    private static Expr pin(Expr expr, At at) {
        return switch (expr) {
            case Expr.VectorSelector vs -> fixed(vs.at()) ? vs
                    : new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offsetMs(), at, vs.pos());
            case Expr.MatrixSelector ms -> new Expr.MatrixSelector((Expr.VectorSelector) pin(ms.selector(), at),
                    ms.rangeMs(), ms.pos());
            case Expr.Subquery sq -> fixed(sq.at()) ? sq
                    : new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), at, sq.pos());
            case Expr.Paren p -> new Expr.Paren(pin(p.expr(), at), p.pos());
            case Expr.Unary u -> new Expr.Unary(u.negate(), pin(u.expr(), at), u.pos());
            case Expr.Binary b -> new Expr.Binary(b.op(), pin(b.lhs(), at), pin(b.rhs(), at), b.returnBool(),
                    b.matching(), b.pos());
            case Expr.Call c -> new Expr.Call(c.function(), c.args().stream().map(a -> pin(a, at)).toList(), c.pos());
            case Expr.Aggregate a -> new Expr.Aggregate(a.op(), a.param() == null ? null : pin(a.param(), at),
                    pin(a.expr(), at), a.grouping(), a.without(), a.pos());
            case Expr.NumberLiteral n -> n;
            case Expr.StringLiteral s -> s;
        };
    }

    private static boolean fixed(At at) {
        return at != null && at.kind() == At.Kind.TIME;
    }

    /** Whether the tree still refers to the query's bounds ({@code @ start()}/{@code @ end()}). */
    static boolean usesQueryBounds(Expr expr) {
        return switch (expr) {
            case Expr.VectorSelector vs -> vs.at() != null && !fixed(vs.at());
            case Expr.MatrixSelector ms -> usesQueryBounds(ms.selector());
            case Expr.Subquery sq -> sq.at() != null && !fixed(sq.at()) || usesQueryBounds(sq.expr());
            case Expr.Paren p -> usesQueryBounds(p.expr());
            case Expr.Unary u -> usesQueryBounds(u.expr());
            case Expr.Binary b -> usesQueryBounds(b.lhs()) || usesQueryBounds(b.rhs());
            case Expr.Call c -> c.args().stream().anyMatch(AtModifierVariants::usesQueryBounds);
            case Expr.Aggregate a -> a.param() != null && usesQueryBounds(a.param()) || usesQueryBounds(a.expr());
            case Expr.NumberLiteral n -> false;
            case Expr.StringLiteral s -> false;
        };
    }

    private static boolean callsUnsafeFunction(Expr expr) {
        return switch (expr) {
            case Expr.Call c -> AT_UNSAFE_FUNCTIONS.contains(c.function().name())
                    || c.args().stream().anyMatch(AtModifierVariants::callsUnsafeFunction);
            case Expr.MatrixSelector ms -> false;
            case Expr.VectorSelector vs -> false;
            case Expr.Subquery sq -> callsUnsafeFunction(sq.expr());
            case Expr.Paren p -> callsUnsafeFunction(p.expr());
            case Expr.Unary u -> callsUnsafeFunction(u.expr());
            case Expr.Binary b -> callsUnsafeFunction(b.lhs()) || callsUnsafeFunction(b.rhs());
            case Expr.Aggregate a -> a.param() != null && callsUnsafeFunction(a.param()) || callsUnsafeFunction(a.expr());
            case Expr.NumberLiteral n -> false;
            case Expr.StringLiteral s -> false;
        };
    }
}
