package io.fluxtap.storage.prometheus.api;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.QueryException.Kind;
import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlEngine;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.parse.Parser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The PromQL port over the server's engine: queries wait for an evaluation slot and run on the
 * {@code fluxtap-promql-*} threads of the {@link QueryRunner}, under {@code fluxtap.promql.query-timeout}, as the
 * HTTP API's do. The engine's results and errors are turned into the port's api types here, at the boundary; the
 * engine keeps its own compact label sets.
 */
@ApplicationScoped
public class EnginePromqlQueries implements PromqlQueries {

    private final PromqlEngine engine;
    private final QueryRunner runner;
    private final Duration timeout;

    @Inject
    public EnginePromqlQueries(PromqlEngine engine, QueryRunner runner, PromqlSettings settings) {
        this(engine, runner, settings.limits().timeout());
    }

    public EnginePromqlQueries(PromqlEngine engine, QueryRunner runner, Duration timeout) {
        this.engine = engine;
        this.runner = runner;
        this.timeout = timeout;
    }

    @Override
    public Vector instant(String expr, Instant at) {
        long timeMs = at.toEpochMilli();
        QueryResult result = run(() -> engine.instant(expr, timeMs));
        return switch (result) {
            case QueryResult.InstantVector v -> {
                List<Sample> samples = new ArrayList<>(v.samples().size());
                for (QueryResult.Sample s : v.samples()) {
                    samples.add(new Sample(labels(s.labels()), Instant.ofEpochMilli(s.timestampMs()), s.value()));
                }
                yield new Vector(samples);
            }
            // As Prometheus' EngineQueryFunc: a rule over a scalar yields one sample without labels.
            case QueryResult.Scalar s -> new Vector(List.of(
                    new Sample(Labels.EMPTY, Instant.ofEpochMilli(s.timestampMs()), s.value())));
            case QueryResult.StringValue s -> throw notVectorOrScalar("string");
            case QueryResult.RangeMatrix m -> throw notVectorOrScalar("range vector");
        };
    }

    @Override
    public Matrix range(String expr, Instant start, Instant end, Duration step) {
        if (step == null || step.isNegative() || step.isZero()) {
            throw new QueryException(Kind.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        long startMs = start.toEpochMilli();
        long endMs = end.toEpochMilli();
        // A step below a millisecond still steps: the engine works in whole milliseconds.
        long stepMs = Math.max(1, step.toMillis());
        QueryResult result = run(() -> engine.range(expr, startMs, endMs, stepMs));
        if (!(result instanceof QueryResult.RangeMatrix matrix)) {
            throw new QueryException(Kind.INTERNAL, "a range query answered " + result.getClass().getSimpleName());
        }
        List<Series> series = new ArrayList<>(matrix.series().size());
        for (QueryResult.Series s : matrix.series()) {
            List<Point> points = new ArrayList<>(s.timestampsMs().length);
            for (int i = 0; i < s.timestampsMs().length; i++) {
                points.add(new Point(Instant.ofEpochMilli(s.timestampsMs()[i]), s.values()[i]));
            }
            series.add(new Series(labels(s.labels()), points));
        }
        return new Matrix(series);
    }

    @Override
    public void parse(String expr) {
        // Parsing is cheap and bounded by the parser's depth limit: no evaluation slot needed.
        try {
            Parser.parse(expr);
        } catch (PromqlException e) {
            throw new QueryException(kind(e.errorType()), e.getMessage(), e);
        }
    }

    private QueryResult run(Callable<Evaluation> evaluation) {
        try {
            return runner.run(timeout, evaluation).result();
        } catch (PromqlException e) {
            throw new QueryException(kind(e.errorType()), e.getMessage(), e);
        }
    }

    private static Kind kind(PromqlException.ErrorType type) {
        return switch (type) {
            case BAD_DATA -> Kind.BAD_DATA;
            case EXECUTION -> Kind.EXECUTION;
            case TIMEOUT -> Kind.TIMEOUT;
            case CANCELED -> Kind.CANCELED;
            case INTERNAL -> Kind.INTERNAL;
        };
    }

    /** Stored label names are Prometheus names (ingestion refuses or rewrites others), so this only fails on a bug. */
    private static Labels labels(Map<String, String> labels) {
        try {
            return Labels.of(labels);
        } catch (IllegalArgumentException e) {
            throw new QueryException(Kind.INTERNAL, "a result series has labels the api refuses: " + e.getMessage(), e);
        }
    }

    private static QueryException notVectorOrScalar(String type) {
        return new QueryException(Kind.BAD_DATA,
                "invalid expression type \"" + type + "\" for an instant query through the rule port, must be "
                        + "Scalar or instant Vector");
    }
}
