package io.fluxtap.storage.promql.parse;

import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.List;

/** The syntax tree of a PromQL expression. {@code pos} is the 0-based offset where the node starts. */
public sealed interface Expr {

    ValueType type();

    int pos();

    record NumberLiteral(double value, int pos) implements Expr {
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    record StringLiteral(String value, int pos) implements Expr {
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** {@code @ 123}, {@code @ start()} or {@code @ end()}. */
    record At(Kind kind, long timeMs) {
        public enum Kind { TIME, START, END }
    }

    /** {@code name{matchers} offset o @ t}; {@code matchers} includes the {@code __name__} matcher of the name. */
    record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, At at, int pos) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        public ValueType type() {
            return ValueType.VECTOR;
        }

        VectorSelector withOffset(long offset) {
            return new VectorSelector(name, matchers, offset, at, pos);
        }

        VectorSelector withAt(At newAt) {
            return new VectorSelector(name, matchers, offsetMs, newAt, pos);
        }
    }

    record MatrixSelector(VectorSelector selector, long rangeMs, int pos) implements Expr {
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** {@code expr[range:step]}; {@code stepMs} 0 means the engine's default subquery step. */
    record Subquery(Expr expr, long rangeMs, long stepMs, long offsetMs, At at, int pos) implements Expr {
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    record Paren(Expr expr, int pos) implements Expr {
        public ValueType type() {
            return expr.type();
        }
    }

    record Unary(boolean negate, Expr expr, int pos) implements Expr {
        public ValueType type() {
            return expr.type();
        }
    }

    /** How two vectors' samples pair up: {@code on(...)}/{@code ignoring(...)} and {@code group_left/right(...)}. */
    record VectorMatching(Cardinality cardinality, boolean on, List<String> labels, List<String> include) {
        public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }
    }

    /** {@code matching} is null unless both sides are instant vectors. */
    record Binary(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching, int pos) implements Expr {
        public ValueType type() {
            return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        }
    }

    record Call(Function function, List<Expr> args, int pos) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        public ValueType type() {
            return function.returnType();
        }
    }

    /** {@code param} is null for aggregations without one. */
    record Aggregate(AggregateOp op, Expr param, Expr expr, List<String> grouping, boolean without, int pos)
            implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }

        public ValueType type() {
            return ValueType.VECTOR;
        }
    }
}
