package io.fluxtap.alerting.rules;

import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A scripted PromqlQueries for these tests: each expression answers what its script gives for the query time;
 * {@code parse} refuses the expressions the conformance fixtures break, with the engine's wording.
 */
final class FakePromql implements PromqlQueries {

    private static final Map<String, String> PARSE_ERRORS = Map.of(
            "rate(hi)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
            "test +", "1:7: parse error: unexpected end of input");

    private final Map<String, BiFunction<String, Instant, Vector>> scripts = new HashMap<>();
    final List<Instant> queriedAt = new ArrayList<>();

    void script(String expr, BiFunction<String, Instant, Vector> answer) {
        scripts.put(expr, answer);
    }

    @Override
    public Vector instant(String expr, Instant at) {
        queriedAt.add(at);
        BiFunction<String, Instant, Vector> script = scripts.get(expr);
        if (script == null) {
            throw new QueryException(QueryException.Kind.EXECUTION, "no script for " + expr);
        }
        return script.apply(expr, at);
    }

    @Override
    public Matrix range(String expr, Instant start, Instant end, Duration step) {
        throw new UnsupportedOperationException("rules evaluate instant queries only");
    }

    @Override
    public void parse(String expr) {
        String error = PARSE_ERRORS.get(expr.strip());
        if (error != null) {
            throw new QueryException(QueryException.Kind.BAD_DATA, error);
        }
    }
}
