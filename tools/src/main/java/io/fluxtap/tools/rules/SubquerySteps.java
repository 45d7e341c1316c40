package io.fluxtap.tools.rules;

import io.fluxtap.storage.promql.parse.Expr;

/**
 * promtool sets the engine's default subquery step to the file's {@code evaluation_interval}
 * ({@code suite.SubqueryInterval}); Fluxtap's engine has a fixed default (1m), so {@code rules test} writes the step
 * into every subquery that gives none ({@code x[5m:]}) before evaluating the tree.
 */
final class SubquerySteps {

    private SubquerySteps() {
    }

    static Expr withDefault(Expr expr, long stepMs) {
        return switch (expr) {
            case Expr.Subquery sq -> new Expr.Subquery(withDefault(sq.expr(), stepMs), sq.rangeMs(),
                    sq.stepMs() > 0 ? sq.stepMs() : stepMs, sq.offsetMs(), sq.at(), sq.pos());
            case Expr.Paren p -> new Expr.Paren(withDefault(p.expr(), stepMs), p.pos());
            case Expr.Unary u -> new Expr.Unary(u.negate(), withDefault(u.expr(), stepMs), u.pos());
            case Expr.Binary b -> new Expr.Binary(b.op(), withDefault(b.lhs(), stepMs), withDefault(b.rhs(), stepMs),
                    b.returnBool(), b.matching(), b.pos());
            case Expr.Call c -> new Expr.Call(c.function(), c.args().stream().map(a -> withDefault(a, stepMs)).toList(),
                    c.pos());
            case Expr.Aggregate a -> new Expr.Aggregate(a.op(), a.param() == null ? null : withDefault(a.param(), stepMs),
                    withDefault(a.expr(), stepMs), a.grouping(), a.without(), a.pos());
            case Expr.VectorSelector vs -> vs;
            case Expr.MatrixSelector ms -> ms;
            case Expr.NumberLiteral n -> n;
            case Expr.StringLiteral s -> s;
        };
    }
}
