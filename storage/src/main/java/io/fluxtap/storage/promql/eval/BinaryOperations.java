package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.eval.Value.Scalar;
import io.fluxtap.storage.promql.eval.Value.Vector;
import io.fluxtap.storage.promql.parse.BinaryOp;
import io.fluxtap.storage.promql.parse.Expr.Binary;
import io.fluxtap.storage.promql.parse.Expr.VectorMatching;
import io.fluxtap.storage.promql.parse.Expr.VectorMatching.Cardinality;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Arithmetic, comparison and set operators between scalars and instant vectors, with vector matching. */
final class BinaryOperations {

    private BinaryOperations() {
    }

    static Value apply(Binary node, Value lhs, Value rhs) {
        BinaryOp op = node.op();
        if (lhs instanceof Scalar l && rhs instanceof Scalar r) {
            double v = compute(op, l.value(), r.value());
            return new Scalar(op.isComparison() ? (v == 1 ? 1 : 0) : v);
        }
        if (lhs instanceof Vector l && rhs instanceof Scalar r) {
            return vectorScalar(node, l.samples(), r.value(), false);
        }
        if (lhs instanceof Scalar l && rhs instanceof Vector r) {
            return vectorScalar(node, r.samples(), l.value(), true);
        }
        List<Sample> l = ((Vector) lhs).samples();
        List<Sample> r = ((Vector) rhs).samples();
        return new Vector(switch (op) {
            case AND -> and(node.matching(), l, r, true);
            case UNLESS -> and(node.matching(), l, r, false);
            case OR -> or(node.matching(), l, r);
            default -> vectorVector(node, l, r);
        });
    }

    /** For comparisons: 1 when true, 0 when false (the operand value is kept by the callers that filter). */
    static double compute(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
            case POW -> pow(l, r);
            case ATAN2 -> Math.atan2(l, r);
            case EQLC -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GTR -> l > r ? 1 : 0;
            case LSS -> l < r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            default -> throw new IllegalStateException("not an arithmetic operator: " + op);
        };
    }

    /** Go's math.Pow, which differs from Java's for a base of 1 or -1 with a NaN or infinite exponent. */
    private static double pow(double x, double y) {
        if (x == 1 || (x == -1 && Double.isInfinite(y))) {
            return 1;
        }
        return Math.pow(x, y);
    }

    private static boolean dropsName(BinaryOp op, boolean returnBool) {
        return returnBool || !op.isComparison();
    }

    private static Value vectorScalar(Binary node, List<Sample> vector, double scalar, boolean scalarLeft) {
        BinaryOp op = node.op();
        boolean drop = dropsName(op, node.returnBool());
        List<Sample> out = new ArrayList<>(vector.size());
        for (Sample s : vector) {
            double l = scalarLeft ? scalar : s.value();
            double r = scalarLeft ? s.value() : scalar;
            double v = compute(op, l, r);
            if (op.isComparison()) {
                if (node.returnBool()) {
                    out.add(new Sample(s.labels(), v, true));
                } else if (v == 1) {
                    out.add(new Sample(s.labels(), s.value(), s.dropName()));
                }
            } else {
                out.add(new Sample(s.labels(), v, drop || s.dropName()));
            }
        }
        return new Vector(out);
    }

    /** The part of a series' labels that decides which samples of the other side it pairs with. */
    static Labels signature(VectorMatching matching, Labels labels) {
        if (matching.on()) {
            return labels.only(matching.labels());
        }
        Set<String> drop = new HashSet<>(matching.labels());
        drop.add(LabelMatcher.METRIC_NAME);
        return labels.without(drop);
    }

    private static List<Sample> and(VectorMatching matching, List<Sample> l, List<Sample> r, boolean keepMatched) {
        Set<Labels> right = new HashSet<>();
        for (Sample s : r) {
            right.add(signature(matching, s.labels()));
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : l) {
            if (right.contains(signature(matching, s.labels())) == keepMatched) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Sample> or(VectorMatching matching, List<Sample> l, List<Sample> r) {
        Set<Labels> left = new HashSet<>();
        List<Sample> out = new ArrayList<>(l);
        for (Sample s : l) {
            left.add(signature(matching, s.labels()));
        }
        for (Sample s : r) {
            if (!left.contains(signature(matching, s.labels()))) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Sample> vectorVector(Binary node, List<Sample> lhs, List<Sample> rhs) {
        VectorMatching matching = node.matching();
        BinaryOp op = node.op();
        boolean swapped = matching.cardinality() == Cardinality.ONE_TO_MANY;
        List<Sample> many = swapped ? rhs : lhs;
        List<Sample> one = swapped ? lhs : rhs;
        Map<Labels, Sample> oneBySignature = new HashMap<>();
        for (Sample s : one) {
            Labels sig = signature(matching, s.labels());
            Sample previous = oneBySignature.put(sig, s);
            if (previous != null) {
                String side = swapped ? "left" : "right";
                throw Evaluator.execution("found duplicate series for the match group " + sig + " on the " + side
                        + " hand-side of the operation: [" + previous.labels() + ", " + s.labels()
                        + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        boolean oneToOne = matching.cardinality() == Cardinality.ONE_TO_ONE;
        boolean drop = dropsName(op, node.returnBool());
        Set<Labels> matchedSignatures = new HashSet<>();
        Set<Labels> outputLabels = new HashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : many) {
            Labels sig = signature(matching, s.labels());
            Sample other = oneBySignature.get(sig);
            if (other == null) {
                continue;
            }
            if (oneToOne && !matchedSignatures.add(sig)) {
                throw Evaluator.execution(
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            double l = swapped ? other.value() : s.value();
            double r = swapped ? s.value() : other.value();
            double v = compute(op, l, r);
            if (op.isComparison()) {
                if (node.returnBool()) {
                    v = v == 1 ? 1 : 0;
                } else if (v == 1) {
                    v = l;
                } else {
                    continue;
                }
            }
            Labels metric = resultLabels(s.labels(), other.labels(), matching);
            if (!oneToOne && !outputLabels.add(metric)) {
                throw Evaluator.execution("multiple matches for labels: grouping labels must ensure unique matches");
            }
            out.add(new Sample(metric, v, drop || s.dropName()));
        }
        return out;
    }

    private static Labels resultLabels(Labels many, Labels one, VectorMatching matching) {
        Labels result = many;
        if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
            if (matching.on()) {
                result = result.only(matching.labels());
            } else {
                result = result.without(matching.labels());
            }
        }
        for (String name : matching.include()) {
            result = result.with(name, one.get(name));
        }
        return result;
    }
}
