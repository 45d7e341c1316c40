package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.prometheus.series.MetricMetadata;
import io.fluxtap.storage.prometheus.series.PrometheusCatalog;
import io.fluxtap.storage.prometheus.series.SeriesExemplars;
import io.fluxtap.storage.prometheus.series.TimeRange;
import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlEngine;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlException.ErrorType;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.series.LabelMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The endpoints of Prometheus' query API, independent of HTTP: parameters in, an {@link ApiResult} out, or a
 * {@link PromqlException} whose type decides the status. Parameter checks, their order and their messages are
 * Prometheus' (web/api/v1), so clients see the answers they know.
 */
@ApplicationScoped
public class PrometheusApi {

    /** The Prometheus release whose API this one follows; Grafana switches features on by it. */
    static final String PROMETHEUS_VERSION = "2.42.0";
    static final String TRUNCATED = "results truncated due to limit";
    /** Prometheus' parser on an empty query. */
    static final String NO_EXPRESSION = "1:1: parse error: no expression found in input";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final PromqlEngine engine;
    private final PrometheusCatalog catalog;
    private final QueryRunner runner;
    private final PromqlSettings settings;
    private final Clock clock;

    @Inject
    public PrometheusApi(PromqlEngine engine, PrometheusCatalog catalog, QueryRunner runner,
                         PromqlSettings settings) {
        this(engine, catalog, runner, settings, Clock.systemUTC());
    }

    PrometheusApi(PromqlEngine engine, PrometheusCatalog catalog, QueryRunner runner,
                  PromqlSettings settings, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code /query}: query, time, timeout, limit. */
    public ApiResult query(ApiParams params) {
        long time = timeParam(params, "time", clock.millis());
        Duration timeout = timeout(params);
        int limit = limitParam(params);
        String query = params.value("query");
        if (query.isEmpty()) {
            throw PrometheusParams.invalid("query", NO_EXPRESSION);
        }
        Evaluation evaluation = runner.run(timeout, () -> {
            try {
                return engine.instant(query, time);
            } catch (PromqlException e) {
                // Prometheus names the parameter for an instant query's parse errors, not for a range query's.
                throw e.errorType() == ErrorType.BAD_DATA ? PrometheusParams.invalid("query", e.getMessage()) : e;
            }
        });
        return queryResult(evaluation, limit);
    }

    /** {@code /query_range}: query, start, end, step, timeout, limit. */
    public ApiResult queryRange(ApiParams params) {
        long start = time(params, "start");
        long end = time(params, "end");
        if (end < start) {
            throw PrometheusParams.invalid("end", "end timestamp must not be before start time");
        }
        long stepNanos = duration(params, "step");
        if (stepNanos <= 0) {
            throw PrometheusParams.invalid("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        int maxPoints = settings.limits().maxPointsPerSeries();
        if (Math.floor((end - start) * 1e6 / stepNanos) > maxPoints) {
            throw new PromqlException(ErrorType.BAD_DATA, String.format(Locale.ROOT,
                    "exceeded maximum resolution of %,d points per timeseries. Try decreasing the query resolution "
                            + "(?step=XX)", maxPoints));
        }
        Duration timeout = timeout(params);
        int limit = limitParam(params);
        String query = params.value("query");
        if (query.isEmpty()) {
            throw new PromqlException(ErrorType.BAD_DATA, NO_EXPRESSION);
        }
        // A step below a millisecond still steps: the engine works in whole milliseconds.
        long stepMs = Math.max(1, stepNanos / 1_000_000);
        Evaluation evaluation = runner.run(timeout, () -> engine.range(query, start, end, stepMs));
        return queryResult(evaluation, limit);
    }

    /** {@code /series}: match[] (at least one), start, end, limit. */
    public ApiResult series(ApiParams params) {
        if (params.all("match[]").isEmpty()) {
            throw new PromqlException(ErrorType.BAD_DATA, "no match[] parameter provided");
        }
        TimeRange range = range(params);
        int limit = limitParam(params);
        List<List<LabelMatcher>> matcherSets;
        try {
            matcherSets = matcherSets(params);
        } catch (PromqlException e) {
            throw PrometheusParams.invalid("match[]", e.getMessage());
        }
        List<SortedMap<String, String>> series = catalog.series(matcherSets, range, limit);
        List<String> warnings = new ArrayList<>();
        if (series.size() > limit) {
            series = series.subList(0, limit);
            warnings.add(TRUNCATED);
        }
        List<SortedMap<String, String>> found = series;
        return new ApiResult(json -> {
            json.writeStartArray();
            for (SortedMap<String, String> labels : found) {
                ApiJson.labels(json, labels);
            }
            json.writeEndArray();
        }, warnings, List.of());
    }

    /** {@code /labels}: start, end, match[] (optional), limit. */
    public ApiResult labels(ApiParams params) {
        TimeRange range = range(params);
        int limit = limitParam(params);
        return stringList(catalog.labelNames(matcherSets(params), range), limit);
    }

    /** {@code /label/<name>/values}: start, end, match[] (optional), limit. */
    public ApiResult labelValues(String name, ApiParams params) {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new PromqlException(ErrorType.BAD_DATA, "invalid label name: " + goQuote(name));
        }
        TimeRange range = range(params);
        int limit = limitParam(params);
        return stringList(catalog.labelValues(name, matcherSets(params), range), limit);
    }

    /** {@code /metadata}: metric, limit, limit_per_metric (negative or absent: no limit). */
    public ApiResult metadata(ApiParams params) {
        int limit = number(params, "limit");
        int limitPerMetric = number(params, "limit_per_metric");
        String metric = params.value("metric");
        SortedMap<String, List<MetricMetadata>> metadata =
                catalog.metadata(metric.isEmpty() ? null : metric, limit, limitPerMetric);
        return ApiResult.of(json -> {
            json.writeStartObject();
            for (Map.Entry<String, List<MetricMetadata>> family : metadata.entrySet()) {
                json.writeArrayFieldStart(family.getKey());
                for (MetricMetadata entry : family.getValue()) {
                    json.writeStartObject();
                    json.writeStringField("type", entry.type());
                    json.writeStringField("help", entry.help());
                    json.writeStringField("unit", entry.unit());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /**
     * {@code /query_exemplars}: query, start, end. The query's series come from the engine's selector parser,
     * so a plain selector is looked up and any other expression answers an empty list with a warning.
     */
    public ApiResult queryExemplars(ApiParams params) {
        long start = timeParam(params, "start", PrometheusParams.MIN_TIME_MS);
        long end = timeParam(params, "end", PrometheusParams.MAX_TIME_MS);
        if (end < start) {
            throw new PromqlException(ErrorType.BAD_DATA, "end timestamp must not be before start timestamp");
        }
        String query = params.value("query");
        if (query.isEmpty()) {
            throw new PromqlException(ErrorType.BAD_DATA, NO_EXPRESSION);
        }
        List<LabelMatcher> matchers;
        try {
            matchers = engine.parseSeriesSelector(query);
        } catch (PromqlException e) {
            if (e.errorType() != ErrorType.BAD_DATA) {
                throw e;
            }
            return new ApiResult(json -> ApiJson.strings(json, List.of()),
                    List.of("exemplars are looked up for a series selector only, such as http_request_seconds_bucket{job=\"api\"}"),
                    List.of());
        }
        List<SeriesExemplars> exemplars = catalog.exemplars(List.of(matchers), new TimeRange(start, end));
        return ApiResult.of(json -> {
            json.writeStartArray();
            for (SeriesExemplars series : exemplars) {
                json.writeStartObject();
                json.writeFieldName("seriesLabels");
                ApiJson.labels(json, series.seriesLabels());
                json.writeArrayFieldStart("exemplars");
                for (SeriesExemplars.Exemplar exemplar : series.exemplars()) {
                    json.writeStartObject();
                    json.writeFieldName("labels");
                    ApiJson.labels(json, exemplar.labels());
                    json.writeStringField("value", PrometheusNumbers.value(exemplar.value()));
                    json.writeFieldName("timestamp");
                    json.writeNumber(PrometheusNumbers.timestamp(exemplar.timestampMs()));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    /** {@code /status/buildinfo}: Prometheus' fields (its version, so Grafana enables what it supports), then ours. */
    public ApiResult buildInfo() {
        String fluxtapVersion = versionOf(PrometheusApi.class);
        return ApiResult.of(json -> {
            json.writeStartObject();
            json.writeStringField("version", PROMETHEUS_VERSION);
            json.writeStringField("revision", "fluxtap-" + fluxtapVersion);
            json.writeStringField("branch", "fluxtap");
            json.writeStringField("buildUser", "fluxtap");
            json.writeStringField("buildDate", "");
            json.writeStringField("goVersion", "none (Java " + Runtime.version().feature() + ")");
            json.writeStringField("fluxtapVersion", fluxtapVersion);
            json.writeEndObject();
        });
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private ApiResult queryResult(Evaluation evaluation, int limit) {
        QueryResult result = evaluation.result();
        List<String> warnings = new ArrayList<>(evaluation.warnings());
        switch (result) {
            case QueryResult.InstantVector vector when vector.samples().size() > limit -> {
                result = new QueryResult.InstantVector(vector.samples().subList(0, limit));
                warnings.add(TRUNCATED);
            }
            case QueryResult.RangeMatrix matrix when matrix.series().size() > limit -> {
                result = new QueryResult.RangeMatrix(matrix.series().subList(0, limit));
                warnings.add(TRUNCATED);
            }
            default -> {
            }
        }
        QueryResult answer = result;
        return new ApiResult(json -> ApiJson.queryData(json, answer), warnings, evaluation.infos());
    }

    private static ApiResult stringList(List<String> values, int limit) {
        List<String> warnings = new ArrayList<>();
        List<String> kept = values;
        if (values.size() > limit) {
            kept = values.subList(0, limit);
            warnings.add(TRUNCATED);
        }
        List<String> answer = kept;
        return new ApiResult(json -> ApiJson.strings(json, answer), warnings, List.of());
    }

    /**
     * Every match[] as matchers. Like Prometheus, a set whose matchers all match the empty string is refused:
     * it would select every series there is.
     */
    private List<List<LabelMatcher>> matcherSets(ApiParams params) {
        List<List<LabelMatcher>> sets = new ArrayList<>();
        for (String selector : params.all("match[]")) {
            List<LabelMatcher> matchers = engine.parseSeriesSelector(selector);
            if (matchers.stream().allMatch(PrometheusApi::matchesEmpty)) {
                throw new PromqlException(ErrorType.BAD_DATA, "match[] must contain at least one non-empty matcher");
            }
            sets.add(matchers);
        }
        return sets;
    }

    static boolean matchesEmpty(LabelMatcher matcher) {
        return switch (matcher.type()) {
            case EQUAL -> matcher.value().isEmpty();
            case NOT_EQUAL -> !matcher.value().isEmpty();
            case REGEX -> regexMatchesEmpty(matcher.value());
            case NOT_REGEX -> !regexMatchesEmpty(matcher.value());
        };
    }

    /** Java's regex reads RE2 syntax closely enough for this one check; what it cannot read counts as non-empty. */
    private static boolean regexMatchesEmpty(String regex) {
        try {
            return Pattern.compile(regex, Pattern.DOTALL).matcher("").matches();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private TimeRange range(ApiParams params) {
        long start = timeParam(params, "start", PrometheusParams.MIN_TIME_MS);
        long end = timeParam(params, "end", PrometheusParams.MAX_TIME_MS);
        return new TimeRange(start, end);
    }

    /** Prometheus' parseTimeParam: absent takes the default; its message names the parameter twice. */
    private static long timeParam(ApiParams params, String name, long defaultMs) {
        String text = params.value(name);
        if (text.isEmpty()) {
            return defaultMs;
        }
        try {
            return PrometheusParams.time(text);
        } catch (IllegalArgumentException e) {
            throw PrometheusParams.invalid(name, "Invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** Prometheus' parseTime: required. */
    private static long time(ApiParams params, String name) {
        try {
            return PrometheusParams.time(params.value(name));
        } catch (IllegalArgumentException e) {
            throw PrometheusParams.invalid(name, e.getMessage());
        }
    }

    private static long duration(ApiParams params, String name) {
        try {
            return PrometheusParams.durationNanos(params.value(name));
        } catch (IllegalArgumentException e) {
            throw PrometheusParams.invalid(name, e.getMessage());
        }
    }

    /** The request's timeout, never beyond the configured one. */
    private Duration timeout(ApiParams params) {
        Duration configured = settings.limits().timeout();
        if (params.value("timeout").isEmpty()) {
            return configured;
        }
        Duration requested = Duration.ofNanos(duration(params, "timeout"));
        return requested.compareTo(configured) < 0 ? requested : configured;
    }

    private static int limitParam(ApiParams params) {
        try {
            return PrometheusParams.limit(params.value("limit"));
        } catch (IllegalArgumentException e) {
            throw PrometheusParams.invalid("limit", e.getMessage());
        }
    }

    /** The metadata endpoint's own limits: any integer, negative meaning none. */
    private static int number(ApiParams params, String name) {
        String text = params.value(name);
        if (text.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new PromqlException(ErrorType.BAD_DATA, name + " must be a number");
        }
    }

    /** Go's %q for the strings a label name can hold. */
    private static String goQuote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
