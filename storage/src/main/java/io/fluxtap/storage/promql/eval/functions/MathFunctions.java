package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** Functions applied to each sample's value on its own; all of them drop the metric name. */
final class MathFunctions {

    private MathFunctions() {
    }

    static void register(Map<String, FunctionImpl> into) {
        elementwise(into, "abs", Math::abs);
        elementwise(into, "ceil", Math::ceil);
        elementwise(into, "floor", Math::floor);
        elementwise(into, "exp", Math::exp);
        elementwise(into, "ln", Math::log);
        elementwise(into, "log2", MathFunctions::log2);
        elementwise(into, "log10", Math::log10);
        elementwise(into, "sqrt", Math::sqrt);
        elementwise(into, "sgn", Math::signum);
        elementwise(into, "sin", Math::sin);
        elementwise(into, "cos", Math::cos);
        elementwise(into, "tan", Math::tan);
        elementwise(into, "asin", Math::asin);
        elementwise(into, "acos", Math::acos);
        elementwise(into, "atan", Math::atan);
        elementwise(into, "sinh", Math::sinh);
        elementwise(into, "cosh", Math::cosh);
        elementwise(into, "tanh", Math::tanh);
        elementwise(into, "asinh", MathFunctions::asinh);
        elementwise(into, "acosh", MathFunctions::acosh);
        elementwise(into, "atanh", MathFunctions::atanh);
        elementwise(into, "deg", v -> v * 180 / Math.PI);
        elementwise(into, "rad", v -> v * Math.PI / 180);
        into.put("pi", call -> new Value.Scalar(Math.PI));
        into.put("clamp", call -> clamp(call, call.scalar(1), call.scalar(2)));
        into.put("clamp_min", call -> clamp(call, call.scalar(1), Double.POSITIVE_INFINITY));
        into.put("clamp_max", call -> clamp(call, Double.NEGATIVE_INFINITY, call.scalar(1)));
        into.put("round", MathFunctions::round);
    }

    private static void elementwise(Map<String, FunctionImpl> into, String name, DoubleUnaryOperator f) {
        into.put(name, call -> map(call.vector(0), f));
    }

    static Value map(List<Sample> in, DoubleUnaryOperator f) {
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(new Sample(s.labels(), f.applyAsDouble(s.value()), true));
        }
        return new Value.Vector(out);
    }

    private static Value clamp(FunctionCall call, double min, double max) {
        if (max < min) {
            return new Value.Vector(List.of());
        }
        // Math.max/min propagate NaN bounds as Go's math.Max/Min do.
        return map(call.vector(0), v -> Math.max(min, Math.min(max, v)));
    }

    private static Value round(FunctionCall call) {
        double toNearest = call.args().size() > 1 ? call.scalar(1) : 1;
        double inverse = 1.0 / toNearest;
        return map(call.vector(0), v -> Math.floor(v * inverse + 0.5) / inverse);
    }

    /** Exact for powers of two, as Go's math.Log2. */
    private static double log2(double v) {
        if (v > 0 && !Double.isInfinite(v) && v >= Double.MIN_NORMAL) {
            int exp = Math.getExponent(v);
            double frac = v / Math.scalb(1.0, exp);
            if (frac == 1.0) {
                return exp;
            }
        }
        return Math.log(v) / Math.log(2);
    }

    private static double asinh(double x) {
        if (Double.isInfinite(x) || x == 0) {
            return x;
        }
        double a = Math.abs(x);
        double r = Math.log(a + Math.sqrt(a * a + 1));
        return x < 0 ? -r : r;
    }

    private static double acosh(double x) {
        return Math.log(x + Math.sqrt(x * x - 1));
    }

    private static double atanh(double x) {
        if (x == 0) {
            return x;
        }
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
