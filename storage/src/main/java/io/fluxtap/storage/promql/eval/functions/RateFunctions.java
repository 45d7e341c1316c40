package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Value;
import io.fluxtap.storage.promql.eval.Window;
import io.fluxtap.storage.promql.parse.Expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Counter and gauge change functions: rate, increase, delta (extrapolated), irate, idelta, deriv, predict_linear. */
final class RateFunctions {

    private RateFunctions() {
    }

    static void register(Map<String, FunctionImpl> into) {
        into.put("rate", call -> extrapolated(call, true, true));
        into.put("increase", call -> extrapolated(call, true, false));
        into.put("delta", call -> extrapolated(call, false, false));
        into.put("irate", call -> instantDelta(call, true));
        into.put("idelta", call -> instantDelta(call, false));
        into.put("deriv", RateFunctions::deriv);
        into.put("predict_linear", RateFunctions::predictLinear);
    }

    /** The range and offset of the selector or subquery a range function reads. */
    private record Bounds(long rangeMs, long offsetMs, Expr.At at) {
        static Bounds of(Expr e) {
            return switch (e) {
                case Expr.MatrixSelector ms -> new Bounds(ms.rangeMs(), ms.selector().offsetMs(), ms.selector().at());
                case Expr.Subquery sq -> new Bounds(sq.rangeMs(), sq.offsetMs(), sq.at());
                case Expr.Paren p -> of(p.expr());
                default -> throw new IllegalStateException("not a range: " + e);
            };
        }
    }

    private static void counterInfo(FunctionCall call) {
        Expr arg = call.arg(0);
        while (arg instanceof Expr.Paren p) {
            arg = p.expr();
        }
        if (arg instanceof Expr.MatrixSelector ms && ms.selector().name() != null) {
            String name = ms.selector().name();
            if (!(name.endsWith("_total") || name.endsWith("_sum") || name.endsWith("_count")
                    || name.endsWith("_bucket"))) {
                call.annotations().info("metric might not be a counter, name does not end in "
                        + "_total/_sum/_count/_bucket: \"" + name + "\"", arg.pos());
            }
        }
    }

    private static Value extrapolated(FunctionCall call, boolean counter, boolean rate) {
        List<Window> windows = call.matrix(0);
        Bounds b = Bounds.of(call.arg(0));
        long evalTime = b.at() == null ? call.timeMs() : call.evaluator().resolveAt(b.at(), call.timeMs());
        long rangeStart = evalTime - b.rangeMs() - b.offsetMs();
        long rangeEnd = evalTime - b.offsetMs();
        if (counter && !windows.isEmpty()) {
            counterInfo(call);
        }
        List<Sample> out = new ArrayList<>(windows.size());
        for (Window w : windows) {
            int n = w.size();
            if (n < 2) {
                continue;
            }
            double first = w.value(0);
            double result = w.lastValue() - first;
            if (counter) {
                double prev = first;
                for (int i = 1; i < n; i++) {
                    double cur = w.value(i);
                    if (cur < prev) {
                        result += prev;
                    }
                    prev = cur;
                }
            }
            long firstT = w.timestamp(0);
            long lastT = w.timestamp(n - 1);
            double toStart = (firstT - rangeStart) / 1000.0;
            double toEnd = (rangeEnd - lastT) / 1000.0;
            double sampled = (lastT - firstT) / 1000.0;
            double average = sampled / (n - 1);
            double threshold = average * 1.1;
            if (toStart >= threshold) {
                toStart = average / 2;
            }
            if (counter) {
                // A counter cannot have been below zero: do not extrapolate past the point where it would be.
                double toZero = toStart;
                if (result > 0 && first >= 0) {
                    toZero = sampled * (first / result);
                }
                if (toZero < toStart) {
                    toStart = toZero;
                }
            }
            if (toEnd >= threshold) {
                toEnd = average / 2;
            }
            double factor = (sampled + toStart + toEnd) / sampled;
            if (rate) {
                factor /= b.rangeMs() / 1000.0;
            }
            out.add(new Sample(w.labels(), result * factor, true));
        }
        return new Value.Vector(out);
    }

    private static Value instantDelta(FunctionCall call, boolean rate) {
        List<Sample> out = new ArrayList<>();
        for (Window w : call.matrix(0)) {
            int n = w.size();
            if (n < 2) {
                continue;
            }
            double last = w.value(n - 1);
            double prev = w.value(n - 2);
            double result = rate && last < prev ? last : last - prev;
            if (rate) {
                long dt = w.timestamp(n - 1) - w.timestamp(n - 2);
                if (dt == 0) {
                    continue;
                }
                result /= dt / 1000.0;
            }
            out.add(new Sample(w.labels(), result, true));
        }
        return new Value.Vector(out);
    }

    private static Value deriv(FunctionCall call) {
        List<Sample> out = new ArrayList<>();
        for (Window w : call.matrix(0)) {
            if (w.size() < 2) {
                continue;
            }
            out.add(new Sample(w.labels(), regression(w, w.timestamp(0))[0], true));
        }
        return new Value.Vector(out);
    }

    private static Value predictLinear(FunctionCall call) {
        double duration = call.scalar(1);
        List<Sample> out = new ArrayList<>();
        for (Window w : call.matrix(0)) {
            if (w.size() < 2) {
                continue;
            }
            double[] si = regression(w, call.timeMs());
            out.add(new Sample(w.labels(), si[0] * duration + si[1], true));
        }
        return new Value.Vector(out);
    }

    /** Least-squares slope and intercept (at {@code interceptTime}) with Kahan sums, as Prometheus computes them. */
    private static double[] regression(Window w, long interceptTime) {
        double n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumX2 = 0;
        double[] cX = new double[1];
        double[] cY = new double[1];
        double[] cXY = new double[1];
        double[] cX2 = new double[1];
        double initY = w.value(0);
        boolean constY = true;
        for (int i = 0; i < w.size(); i++) {
            double y = w.value(i);
            if (constY && i > 0 && y != initY) {
                constY = false;
            }
            n++;
            double x = (w.timestamp(i) - interceptTime) / 1000.0;
            sumX = io.fluxtap.storage.promql.eval.Stats.kahanAdd(x, sumX, cX);
            sumY = io.fluxtap.storage.promql.eval.Stats.kahanAdd(y, sumY, cY);
            sumXY = io.fluxtap.storage.promql.eval.Stats.kahanAdd(x * y, sumXY, cXY);
            sumX2 = io.fluxtap.storage.promql.eval.Stats.kahanAdd(x * x, sumX2, cX2);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX[0];
        sumY += cY[0];
        sumXY += cXY[0];
        sumX2 += cX2[0];
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }
}
