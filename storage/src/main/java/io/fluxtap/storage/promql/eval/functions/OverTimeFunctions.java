package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Stats;
import io.fluxtap.storage.promql.eval.Value;
import io.fluxtap.storage.promql.eval.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The {@code *_over_time} family plus changes and resets: one value per series from its samples in the range. */
final class OverTimeFunctions {

    private OverTimeFunctions() {
    }

    static void register(Map<String, FunctionImpl> into) {
        over(into, "sum_over_time", true, w -> {
            double[] c = new double[1];
            double sum = 0;
            for (int i = 0; i < w.size(); i++) {
                sum = Stats.kahanAdd(w.value(i), sum, c);
            }
            return sum + c[0];
        });
        over(into, "avg_over_time", true, w -> {
            Stats.Mean mean = new Stats.Mean();
            for (int i = 0; i < w.size(); i++) {
                mean.add(w.value(i));
            }
            return mean.result();
        });
        over(into, "min_over_time", true, w -> {
            double min = w.value(0);
            for (int i = 1; i < w.size(); i++) {
                if (w.value(i) < min || Double.isNaN(min)) {
                    min = w.value(i);
                }
            }
            return min;
        });
        over(into, "max_over_time", true, w -> {
            double max = w.value(0);
            for (int i = 1; i < w.size(); i++) {
                if (w.value(i) > max || Double.isNaN(max)) {
                    max = w.value(i);
                }
            }
            return max;
        });
        over(into, "count_over_time", true, Window::size);
        over(into, "present_over_time", true, w -> 1);
        over(into, "last_over_time", false, Window::lastValue);
        over(into, "first_over_time", false, w -> w.value(0));
        over(into, "ts_of_last_over_time", true, w -> w.timestamp(w.size() - 1) / 1000.0);
        over(into, "ts_of_first_over_time", true, w -> w.timestamp(0) / 1000.0);
        over(into, "ts_of_min_over_time", true, w -> extremeTimestamp(w, false));
        over(into, "ts_of_max_over_time", true, w -> extremeTimestamp(w, true));
        over(into, "stdvar_over_time", true, w -> variance(w));
        over(into, "stddev_over_time", true, w -> Math.sqrt(variance(w)));
        over(into, "mad_over_time", true, OverTimeFunctions::medianAbsoluteDeviation);
        over(into, "changes", true, w -> {
            int changes = 0;
            for (int i = 1; i < w.size(); i++) {
                double prev = w.value(i - 1);
                double cur = w.value(i);
                if (!(cur == prev || (Double.isNaN(cur) && Double.isNaN(prev)))) {
                    changes++;
                }
            }
            return changes;
        });
        over(into, "resets", true, w -> {
            int resets = 0;
            for (int i = 1; i < w.size(); i++) {
                if (w.value(i) < w.value(i - 1)) {
                    resets++;
                }
            }
            return resets;
        });
        into.put("quantile_over_time", OverTimeFunctions::quantileOverTime);
        into.put("absent_over_time", call -> call.matrix(0).isEmpty()
                ? TimeFunctions.absentSample(call.arg(0)) : new Value.Vector(List.of()));
    }

    private static void over(Map<String, FunctionImpl> into, String name, boolean dropName, ToDoubleFunction<Window> f) {
        into.put(name, call -> {
            List<Window> windows = call.matrix(call.args().size() - 1);
            List<Sample> out = new ArrayList<>(windows.size());
            for (Window w : windows) {
                out.add(new Sample(w.labels(), f.applyAsDouble(w), dropName || w.dropName()));
            }
            return new Value.Vector(out);
        });
    }

    private static double extremeTimestamp(Window w, boolean max) {
        int best = 0;
        for (int i = 1; i < w.size(); i++) {
            double v = w.value(i);
            double b = w.value(best);
            if ((max ? v >= b : v <= b) || Double.isNaN(b)) {
                best = i;
            }
        }
        return w.timestamp(best) / 1000.0;
    }

    private static double variance(Window w) {
        Stats.Variance v = new Stats.Variance();
        for (int i = 0; i < w.size(); i++) {
            v.add(w.value(i));
        }
        return v.variance();
    }

    private static double[] copy(Window w) {
        double[] values = new double[w.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = w.value(i);
        }
        return values;
    }

    private static double medianAbsoluteDeviation(Window w) {
        double[] values = copy(w);
        for (double v : values) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        }
        double median = Stats.quantile(0.5, values, values.length);
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.abs(values[i] - median);
        }
        return Stats.quantile(0.5, values, values.length);
    }

    private static Value quantileOverTime(FunctionCall call) {
        double q = call.scalar(0);
        List<Window> windows = call.matrix(1);
        if ((Double.isNaN(q) || q < 0 || q > 1) && !windows.isEmpty()) {
            call.annotations().warn("quantile value should be between 0 and 1, got " + Stats.formatFloat(q),
                    call.arg(0).pos());
        }
        List<Sample> out = new ArrayList<>(windows.size());
        for (Window w : windows) {
            double[] values = copy(w);
            out.add(new Sample(w.labels(), Stats.quantile(q, values, values.length), true));
        }
        return new Value.Vector(out);
    }
}
