package io.fluxtap.storage.promql.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.fluxtap.storage.promql.parse.ValueType.MATRIX;
import static io.fluxtap.storage.promql.parse.ValueType.SCALAR;
import static io.fluxtap.storage.promql.parse.ValueType.STRING;
import static io.fluxtap.storage.promql.parse.ValueType.VECTOR;

/**
 * A PromQL function's signature. {@code variadic} is 0 for a fixed argument list, n &gt; 0 when the last n
 * arguments may be left out, -1 when the last argument may repeat any number of times (or be left out).
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {

    private static final Map<String, Function> ALL = buildTable();

    public static Function byName(String name) {
        return ALL.get(name);
    }

    private static Map<String, Function> buildTable() {
        Map<String, Function> table = new HashMap<>();
        for (String name : List.of("abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn",
                "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
                "deg", "rad", "timestamp", "sort", "sort_desc", "absent")) {
            put(table, name, List.of(VECTOR), 0, VECTOR);
        }
        for (String name : List.of("rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes",
                "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                "stddev_over_time", "stdvar_over_time", "last_over_time", "first_over_time", "present_over_time",
                "mad_over_time", "absent_over_time", "ts_of_max_over_time", "ts_of_min_over_time",
                "ts_of_last_over_time", "ts_of_first_over_time")) {
            put(table, name, List.of(MATRIX), 0, VECTOR);
        }
        for (String name : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
                "month", "year")) {
            put(table, name, List.of(VECTOR), 1, VECTOR);
        }
        put(table, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
        put(table, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
        put(table, "double_exponential_smoothing", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        put(table, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
        put(table, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
        put(table, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
        put(table, "sort_by_label", List.of(VECTOR, STRING), -1, VECTOR);
        put(table, "sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR);
        put(table, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
        put(table, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
        put(table, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
        put(table, "round", List.of(VECTOR, SCALAR), 1, VECTOR);
        put(table, "scalar", List.of(VECTOR), 0, SCALAR);
        put(table, "vector", List.of(SCALAR), 0, VECTOR);
        put(table, "time", List.of(), 0, SCALAR);
        put(table, "pi", List.of(), 0, SCALAR);
        return Map.copyOf(table);
    }

    private static void put(Map<String, Function> table, String name, List<ValueType> args, int variadic,
                            ValueType ret) {
        table.put(name, new Function(name, args, variadic, ret));
    }
}
