package io.fluxtap.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * PromQL instant and range queries over the stored metrics: the port the alert rules evaluate through, the role
 * Prometheus' {@code rules.QueryFunc} plays. Storage implements it over its engine (CDI: inject
 * {@code PromqlQueries}); every query is bounded by the server's {@code fluxtap.promql.*} limits (time limit, most
 * samples, most points per series) and waits for one of its evaluation slots, as queries of the HTTP API do.
 *
 * <pre>{@code
 * @Inject PromqlQueries queries;
 *
 * Vector v = queries.instant("sum by (job) (rate(http_requests_total[5m])) > 10", now);
 * for (Sample s : v.samples()) {
 *     s.labels().get("job"); s.value();    // one element per firing series
 * }
 * Matrix m = queries.range("up", now.minus(Duration.ofHours(1)), now, Duration.ofMinutes(1));
 * }</pre>
 *
 * Results follow Prometheus: metric names dropped where its functions and operators drop them, vectors in the
 * engine's order, matrices sorted by labels, NaN and infinities as doubles. Safe for concurrent use.
 */
public interface PromqlQueries {

    /**
     * The expression's value at {@code at}. As Prometheus' {@code EngineQueryFunc} for rules, a scalar result
     * comes back as a vector of one sample without labels.
     *
     * @throws QueryException {@code BAD_DATA} when it does not parse or is neither a vector nor a scalar (a string,
     *                        a range vector), {@code EXECUTION} over the sample limit, {@code TIMEOUT} over the
     *                        time limit
     */
    Vector instant(String expr, Instant at);

    /**
     * The expression at every {@code step} from {@code start} to {@code end}, both inclusive. Times count in
     * whole milliseconds, the engine's resolution.
     *
     * @throws QueryException {@code BAD_DATA} when it does not parse, is no scalar or instant vector, the step is
     *                        not positive, {@code end} is before {@code start}, or it asks more points per series
     *                        than allowed; {@code EXECUTION} over the sample limit; {@code TIMEOUT} over the time
     *                        limit
     */
    Matrix range(String expr, Instant start, Instant end, Duration step);

    /**
     * Parses the expression without evaluating it, as Prometheus' {@code parser.ParseExpr}: what rule-file
     * validation checks every {@code expr} with. Type errors the parser finds (a function given the wrong argument
     * type) count as parse errors, as in Prometheus.
     *
     * @throws QueryException {@code BAD_DATA} with the parser's message, worded as Prometheus' (e.g.
     *                        {@code 1:7: parse error: unexpected end of input})
     */
    void parse(String expr);

    /** One element of an instant vector. */
    record Sample(Labels labels, Instant timestamp, double value) {

        public Sample {
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /** An instant query's result. */
    record Vector(List<Sample> samples) {

        public Vector {
            samples = List.copyOf(samples);
        }
    }

    /** One value of a series at one step. */
    record Point(Instant timestamp, double value) {

        public Point {
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /** One series of a range query's result, points oldest first. */
    record Series(Labels labels, List<Point> points) {

        public Series {
            Objects.requireNonNull(labels, "labels");
            points = List.copyOf(points);
        }
    }

    /** A range query's result. */
    record Matrix(List<Series> series) {

        public Matrix {
            series = List.copyOf(series);
        }
    }
}
