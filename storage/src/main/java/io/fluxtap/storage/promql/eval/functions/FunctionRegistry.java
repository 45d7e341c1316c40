package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.PromqlException;

import java.util.HashMap;
import java.util.Map;

/** Every implemented function by name; each group of functions registers its own. */
public final class FunctionRegistry {

    private final Map<String, FunctionImpl> functions;

    public FunctionRegistry() {
        Map<String, FunctionImpl> all = new HashMap<>();
        MathFunctions.register(all);
        RateFunctions.register(all);
        OverTimeFunctions.register(all);
        LabelFunctions.register(all);
        TimeFunctions.register(all);
        HistogramFunctions.register(all);
        functions = Map.copyOf(all);
    }

    public FunctionImpl get(String name) {
        FunctionImpl f = functions.get(name);
        if (f == null) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA, "function \"" + name + "\" is not supported");
        }
        return f;
    }
}
