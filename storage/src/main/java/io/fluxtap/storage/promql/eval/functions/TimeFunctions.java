package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Labels;
import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Value;
import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/** time(), timestamp(), the calendar functions, and the scalar/vector conversions with absent(). */
final class TimeFunctions {

    private TimeFunctions() {
    }

    static void register(Map<String, FunctionImpl> into) {
        into.put("time", call -> new Value.Scalar(call.timeMs() / 1000.0));
        into.put("timestamp", TimeFunctions::timestamp);
        into.put("vector", call -> new Value.Vector(List.of(new Sample(Labels.EMPTY, call.scalar(0), false))));
        into.put("scalar", call -> {
            List<Sample> v = call.vector(0);
            return new Value.Scalar(v.size() == 1 ? v.get(0).value() : Double.NaN);
        });
        into.put("absent", call -> call.vector(0).isEmpty() ? absentSample(call.arg(0)) : new Value.Vector(List.of()));
        calendar(into, "day_of_month", ZonedDateTime::getDayOfMonth);
        calendar(into, "day_of_week", t -> t.getDayOfWeek().getValue() % 7);
        calendar(into, "day_of_year", ZonedDateTime::getDayOfYear);
        calendar(into, "days_in_month", t -> t.toLocalDate().lengthOfMonth());
        calendar(into, "hour", ZonedDateTime::getHour);
        calendar(into, "minute", ZonedDateTime::getMinute);
        calendar(into, "month", ZonedDateTime::getMonthValue);
        calendar(into, "year", ZonedDateTime::getYear);
    }

    private static Value timestamp(FunctionCall call) {
        Expr arg = call.arg(0);
        while (arg instanceof Expr.Paren p) {
            arg = p.expr();
        }
        // A selector's samples carry their own times; any other expression's samples are "now".
        if (arg instanceof Expr.VectorSelector vs) {
            return new Value.Vector(call.evaluator().instant(vs, call.timeMs(), true));
        }
        return MathFunctions.map(call.vector(0), v -> call.timeMs() / 1000.0);
    }

    private static void calendar(Map<String, FunctionImpl> into, String name, ToIntFunction<ZonedDateTime> field) {
        into.put(name, call -> {
            List<Sample> in = call.args().isEmpty()
                    ? List.of(new Sample(Labels.EMPTY, call.timeMs() / 1000.0, false)) : call.vector(0);
            List<Sample> out = new ArrayList<>(in.size());
            for (Sample s : in) {
                if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
                    out.add(new Sample(s.labels(), Double.NaN, true));
                    continue;
                }
                ZonedDateTime t = Instant.ofEpochSecond((long) s.value()).atZone(ZoneOffset.UTC);
                out.add(new Sample(s.labels(), field.applyAsInt(t), true));
            }
            return new Value.Vector(out);
        });
    }

    /** absent()'s one sample: the labels the selector pins with '=' (each only once), or none. */
    static Value absentSample(Expr arg) {
        while (arg instanceof Expr.Paren p) {
            arg = p.expr();
        }
        List<LabelMatcher> matchers = switch (arg) {
            case Expr.VectorSelector vs -> vs.matchers();
            case Expr.MatrixSelector ms -> ms.selector().matchers();
            default -> List.of();
        };
        Map<String, String> labels = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (LabelMatcher m : matchers) {
            if (!seen.add(m.name())) {
                repeated.add(m.name());
            }
        }
        for (LabelMatcher m : matchers) {
            if (m.type() == LabelMatcher.Type.EQUAL && !repeated.contains(m.name())
                    && !m.name().equals(LabelMatcher.METRIC_NAME)) {
                labels.put(m.name(), m.value());
            }
        }
        return new Value.Vector(List.of(new Sample(Labels.of(labels), 1, false)));
    }
}
