package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.promql.QueryResult;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API in a real Helidon server over a real DuckDB: samples written through the module's RecordSink, read
 * back through /prometheus/api/v1. Queries go to the engine seam's double, so these tests prove the API's
 * parameter handling and JSON, not PromQL.
 */
@HelidonTest
@AddBean(FakePromqlEngine.class)
@AddConfig(key = "fluxtap.data.dir", value = PrometheusApiHttpTest.DATA_DIR)
@AddConfig(key = "fluxtap.promql.query-timeout", value = "30s")
class PrometheusApiHttpTest extends ServerTest {

    static final String DATA_DIR = "target/prometheus-api-http-test";
    private static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");
    private static final long T0 = BASE.getEpochSecond();

    static {
        // The exact-answer checks below need a store holding this test's samples only.
        deleteRecursively(Path.of(DATA_DIR));
    }

    @Inject
    FakePromqlEngine engine;

    /** The container (and its store) lives for the whole class; the samples are written once, by the first test. */
    private static boolean written;

    private synchronized void store() {
        if (written) {
            return;
        }
        Exemplar exemplar = new Exemplar(BASE.plusMillis(15_250), 0.3, "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", Map.of("user", "u-1"));
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), List.of(
                    sample("http_requests_total", Map.of("job", "api", "code", "200"), 1, MetricType.COUNTER, 0, List.of()),
                    sample("http_requests_total", Map.of("job", "api", "code", "200"), 5, MetricType.COUNTER, 30, List.of()),
                    sample("http_requests_total", Map.of("job", "web"), 2, MetricType.COUNTER, 45, List.of()),
                    sample("latency_seconds_bucket", Map.of("job", "api", "le", "0.5"), 3, MetricType.HISTOGRAM, 15,
                            List.of(exemplar)),
                    sample("latency_seconds_bucket", Map.of("job", "api", "le", "+Inf"), 4, MetricType.HISTOGRAM, 15,
                            List.of()),
                    sample("latency_seconds_count", Map.of("job", "api"), 4, MetricType.HISTOGRAM, 15, List.of()),
                    sample("up", Map.of("job", "api", "instance", "a:9090"), 1, MetricType.GAUGE, 0, List.of())),
                    RecordBatch.NO_WAL));
        }
        written = true;
    }

    private static MetricSample sample(String name, Map<String, String> labels, double value, MetricType type,
                                       int seconds, List<Exemplar> exemplars) {
        String family = name.replaceAll("_(bucket|count)$", "");
        return new MetricSample(BASE.plusSeconds(seconds), name, labels, value, type,
                type == MetricType.HISTOGRAM ? "s" : null, "help of " + family, null, "host-1", "checkout",
                "io.fluxtap.test", exemplars);
    }

    @Test
    void seriesAnswersTheWrittenLabelSetsSortedAndLimited() throws IOException {
        store();
        JsonNode all = ok(get("series", Map.of("match[]", List.of("http_requests_total", "up"))));
        assertEquals(json("""
                [{"__name__":"http_requests_total","code":"200","job":"api"},
                 {"__name__":"http_requests_total","job":"web"},
                 {"__name__":"up","instance":"a:9090","job":"api"}]"""), all.get("data"));
        assertFalse(all.has("warnings"), "no warnings key when there are none");

        JsonNode late = ok(get("series", Map.of("match[]", List.of("http_requests_total"),
                "start", List.of(Long.toString(T0 + 40)), "end", List.of(Long.toString(T0 + 60)))));
        assertEquals(json("[{\"__name__\":\"http_requests_total\",\"job\":\"web\"}]"), late.get("data"));
        JsonNode inclusiveEnd = ok(get("series", Map.of("match[]", List.of("http_requests_total"),
                "start", List.of(Long.toString(T0 + 1)), "end", List.of(Long.toString(T0 + 30)))));
        assertEquals(json("[{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"}]"),
                inclusiveEnd.get("data"));

        JsonNode limited = ok(get("series", Map.of("match[]", List.of("{job=\"api\"}"), "limit", List.of("2"))));
        assertEquals(2, limited.get("data").size());
        assertEquals(json("[\"results truncated due to limit\"]"), limited.get("warnings"));
    }

    @Test
    void labelsAndLabelValuesAreTheWrittenOnes() throws IOException {
        store();
        assertEquals(json("[\"__name__\",\"code\",\"instance\",\"job\",\"le\"]"), ok(get("labels", Map.of())).get("data"));
        assertEquals(json("[\"__name__\",\"instance\",\"job\"]"),
                ok(get("labels", Map.of("match[]", List.of("up")))).get("data"));
        assertEquals(json("[\"api\",\"web\"]"), ok(get("label/job/values", Map.of())).get("data"));
        assertEquals(json("[\"web\"]"), ok(get("label/job/values", Map.of("start", List.of(Long.toString(T0 + 40))))).get("data"));
        assertEquals(json("[\"http_requests_total\",\"latency_seconds_bucket\",\"latency_seconds_count\",\"up\"]"),
                ok(get("label/__name__/values", Map.of())).get("data"));
        assertEquals(json("[\"+Inf\"]"), ok(get("label/le/values", Map.of("match[]", List.of("latency_seconds_bucket{le!=\"0.5\"}")))).get("data"));
        assertEquals(json("[]"), ok(get("label/nothing_here/values", Map.of())).get("data"));
    }

    @Test
    void metadataIsPerMetricFamilyFromTheCatalogue() throws IOException {
        store();
        assertEquals(json("""
                {"http_requests_total":[{"type":"counter","help":"help of http_requests_total","unit":""}],
                 "latency_seconds":[{"type":"histogram","help":"help of latency_seconds","unit":"s"}],
                 "up":[{"type":"gauge","help":"help of up","unit":""}]}"""), ok(get("metadata", Map.of())).get("data"));
        assertEquals(json("{\"up\":[{\"type\":\"gauge\",\"help\":\"help of up\",\"unit\":\"\"}]}"),
                ok(get("metadata", Map.of("metric", List.of("up")))).get("data"));
        assertEquals(1, ok(get("metadata", Map.of("limit", List.of("1")))).get("data").size());
    }

    @Test
    void exemplarsComeWithTheirSeriesAndTraceIds() throws IOException {
        store();
        String body = get("query_exemplars", Map.of("query", List.of("latency_seconds_bucket"),
                "start", List.of(Long.toString(T0)), "end", List.of(Long.toString(T0 + 60)))).body();
        assertEquals(json("""
                [{"seriesLabels":{"__name__":"latency_seconds_bucket","job":"api","le":"0.5"},
                  "exemplars":[{"labels":{"span_id":"00f067aa0ba902b7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","user":"u-1"},
                                "value":"0.3","timestamp":%d.250}]}]""".formatted(T0 + 15)), MAPPER.readTree(body).get("data"));
        assertTrue(body.contains("\"timestamp\":" + (T0 + 15) + ".250"), body);
        assertEquals(json("[]"), ok(get("query_exemplars", Map.of("query", List.of("up"),
                "start", List.of(Long.toString(T0)), "end", List.of(Long.toString(T0 + 60))))).get("data"));
        assertEquals(json("[]"), ok(get("query_exemplars", Map.of("query", List.of("latency_seconds_bucket"),
                "start", List.of(Long.toString(T0 + 16)), "end", List.of(Long.toString(T0 + 60))))).get("data"));
    }

    @Test
    void everyBadInputIsBadDataWithPrometheusMessage() throws IOException {
        Map<String, Map<String, List<String>>> cases = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        bad(cases, expected, "query_range", Map.of("query", "up", "start", "x", "end", "1", "step", "1"),
                "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp");
        bad(cases, expected, "query_range", Map.of("query", "up", "start", "10", "end", "1", "step", "1"),
                "invalid parameter \"end\": end timestamp must not be before start time");
        bad(cases, expected, "query_range", Map.of("query", "up", "start", "1", "end", "10", "step", "0"),
                "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        bad(cases, expected, "query_range", Map.of("query", "up", "start", "1", "end", "10", "step", "1x"),
                "invalid parameter \"step\": cannot parse \"1x\" to a valid duration");
        bad(cases, expected, "query_range", Map.of("query", "up", "start", "0", "end", "11001", "step", "1"),
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        bad(cases, expected, "query_range", Map.of("start", "1", "end", "10", "step", "1"),
                "1:1: parse error: no expression found in input");
        bad(cases, expected, "query_range", Map.of("query", "up", "start", "1", "end", "10", "step", "1", "timeout", "soon"),
                "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration");
        bad(cases, expected, "query", Map.of("query", "up", "time", "yesterday"),
                "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp");
        bad(cases, expected, "query", Map.of(), "invalid parameter \"query\": 1:1: parse error: no expression found in input");
        bad(cases, expected, "query", Map.of("query", "unknown_to_the_engine"),
                "invalid parameter \"query\": 1:1: parse error: unexpected identifier");
        bad(cases, expected, "query", Map.of("query", "up", "limit", "-1"),
                "invalid parameter \"limit\": limit must be non-negative");
        bad(cases, expected, "series", Map.of(), "no match[] parameter provided");
        bad(cases, expected, "series", Map.of("match[]", "{job=~\".*\"}"),
                "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
        bad(cases, expected, "series", Map.of("match[]", "up{"), "invalid parameter \"match[]\": 1:1: parse error: not a selector");
        bad(cases, expected, "series", Map.of("match[]", "{job=~\"(\"}"),
                "invalid regular expression (: missing ): (?s:()");
        bad(cases, expected, "labels", Map.of("end", "tomorrow"),
                "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"tomorrow\" to a valid timestamp");
        bad(cases, expected, "label/0job/values", Map.of(), "invalid label name: \"0job\"");
        bad(cases, expected, "metadata", Map.of("limit", "some"), "limit must be a number");
        bad(cases, expected, "metadata", Map.of("limit_per_metric", "some"), "limit_per_metric must be a number");
        bad(cases, expected, "query_exemplars", Map.of("query", "up", "start", "10", "end", "1"),
                "end timestamp must not be before start timestamp");
        for (Map.Entry<String, Map<String, List<String>>> c : cases.entrySet()) {
            String endpoint = c.getKey().substring(0, c.getKey().indexOf(' '));
            for (Answer answer : List.of(get(endpoint, c.getValue()), post(endpoint, c.getValue()))) {
                assertEquals(400, answer.status(), c.getKey() + ": " + answer.body());
                assertEquals(json("""
                        {"status":"error","errorType":"bad_data","error":%s}"""
                        .formatted(MAPPER.writeValueAsString(expected.get(c.getKey())))), MAPPER.readTree(answer.body()),
                        c.getKey());
            }
        }
    }

    @Test
    void postedFormsAnswerAsQueryStringsDo() throws IOException {
        store();
        engine.answer("sum(up)", new QueryResult.InstantVector(List.of(
                new QueryResult.Sample(new TreeMap<>(Map.of("job", "api")), 1_000, 1))), List.of(), List.of());
        List<Map.Entry<String, Map<String, List<String>>>> requests = List.of(
                Map.entry("series", Map.of("match[]", List.of("http_requests_total", "up"))),
                Map.entry("labels", Map.of("match[]", List.of("up"))),
                Map.entry("label/job/values", Map.of("start", List.of(Long.toString(T0)))),
                Map.entry("metadata", Map.of("metric", List.of("up"))),
                Map.entry("query_exemplars", Map.of("query", List.of("latency_seconds_bucket"))),
                Map.entry("query", Map.of("query", List.of("sum(up)"), "time", List.of("1"))),
                Map.entry("query_range", Map.of("query", List.of("sum(up)"), "start", List.of("1"), "end", List.of("2"),
                        "step", List.of("1"))));
        for (Map.Entry<String, Map<String, List<String>>> request : requests) {
            Answer get = get(request.getKey(), request.getValue());
            Answer post = post(request.getKey(), request.getValue());
            assertEquals(200, get.status(), request.getKey() + ": " + get.body());
            assertEquals(get.body(), post.body(), request.getKey());
        }
    }

    @Test
    void queryResultsHavePrometheusShapes() throws IOException {
        engine.answer("scalar_q", new QueryResult.Scalar(1_435_781_451_781L, 0.1), List.of(), List.of());
        engine.answer("string_q", new QueryResult.StringValue(1_435_781_451_780L, "hello"), List.of(), List.of());
        engine.answer("vector_q", new QueryResult.InstantVector(List.of(
                new QueryResult.Sample(new TreeMap<>(Map.of("__name__", "up", "job", "api")), 1_000, 1),
                new QueryResult.Sample(new TreeMap<>(Map.of("job", "web")), 1_000, Double.NaN))),
                List.of("a warning"), List.of("PromQL info: metric might not be a counter"));
        engine.answer("matrix_q", new QueryResult.RangeMatrix(List.of(
                new QueryResult.Series(new TreeMap<>(Map.of("job", "api")), new long[]{1_000, 16_000},
                        new double[]{Double.POSITIVE_INFINITY, 1e21}),
                new QueryResult.Series(new TreeMap<>(Map.of("job", "web")), new long[]{1_000}, new double[]{-0.5}))),
                List.of(), List.of());

        assertEquals("""
                {"status":"success","data":{"resultType":"scalar","result":[1435781451.781,"0.1"]}}""",
                get("query", Map.of("query", List.of("scalar_q"))).body());
        assertEquals("""
                {"status":"success","data":{"resultType":"string","result":[1435781451.780,"hello"]}}""",
                get("query", Map.of("query", List.of("string_q"))).body());
        assertEquals("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"api"},\
                "value":[1,"1"]},{"metric":{"job":"web"},"value":[1,"NaN"]}]},"warnings":["a warning"],\
                "infos":["PromQL info: metric might not be a counter"]}""",
                get("query", Map.of("query", List.of("vector_q"))).body());
        String matrix = """
                {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},\
                "values":[[1,"+Inf"],[16,"1e+21"]]},{"metric":{"job":"web"},"values":[[1,"-0.5"]]}]}}""";
        assertEquals(matrix, get("query_range", Map.of("query", List.of("matrix_q"), "start", List.of("1"),
                "end", List.of("16"), "step", List.of("15"))).body());

        JsonNode limited = ok(get("query_range", Map.of("query", List.of("matrix_q"), "start", List.of("1"),
                "end", List.of("16"), "step", List.of("15"), "limit", List.of("1"))));
        assertEquals(1, limited.get("data").get("result").size());
        assertEquals(json("[\"results truncated due to limit\"]"), limited.get("warnings"));
    }

    @Test
    void queryParametersReachTheEngineInMilliseconds() {
        engine.answer("scalar_q", new QueryResult.Scalar(0, 0), List.of(), List.of());
        engine.forgetCalls();
        get("query", Map.of("query", List.of("scalar_q"), "time", List.of("2015-07-01T20:10:51.781Z")));
        get("query_range", Map.of("query", List.of("scalar_q"), "start", List.of("1435781430.5"),
                "end", List.of("1435781490"), "step", List.of("1m30s")));
        get("query_range", Map.of("query", List.of("scalar_q"), "start", List.of("1"), "end", List.of("2"),
                "step", List.of("0.25")));
        long before = System.currentTimeMillis();
        get("query", Map.of("query", List.of("scalar_q")));
        long after = System.currentTimeMillis();
        List<FakePromqlEngine.Call> calls = engine.calls();
        assertEquals(new FakePromqlEngine.Call("scalar_q", 1_435_781_451_781L, 1_435_781_451_781L, 0), calls.get(0));
        assertEquals(new FakePromqlEngine.Call("scalar_q", 1_435_781_430_500L, 1_435_781_490_000L, 90_000), calls.get(1));
        assertEquals(new FakePromqlEngine.Call("scalar_q", 1_000, 2_000, 250), calls.get(2));
        long now = calls.get(3).startMs();
        assertTrue(now >= before && now <= after, "an instant query without time runs at the current time");
    }

    @Test
    void aQueryOverItsTimeLimitIsRefusedWith503AndTheServerGoesOn() throws IOException {
        long started = System.nanoTime();
        Answer slow = get("query", Map.of("query", List.of(FakePromqlEngine.BLOCKING), "timeout", List.of("200ms")));
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "answered long before the engine would finish");
        assertEquals(503, slow.status());
        assertEquals(json("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"),
                MAPPER.readTree(slow.body()));
        assertEquals(200, get("query", Map.of("query", List.of("1+1"))).status());
    }

    /** The calls Grafana's Prometheus data source makes to test and use a data source, as it makes them. */
    @Test
    void grafanasProbesAndQueriesSucceed() throws IOException {
        store();
        JsonNode build = ok(get("status/buildinfo", Map.of()));
        assertTrue(build.get("data").get("version").asText().matches("2\\.\\d+\\.\\d+"), build.toString());

        Map<String, List<String>> window = Map.of("start", List.of(Long.toString(T0 - 3600)),
                "end", List.of(Long.toString(T0 + 3600)));
        JsonNode health = ok(post("query", Map.of("query", List.of("1+1"), "time", List.of(Long.toString(T0)))));
        assertEquals(json("{\"resultType\":\"scalar\",\"result\":[%d,\"2\"]}".formatted(T0)), health.get("data"));
        assertTrue(ok(get("labels", window)).get("data").toString().contains("\"job\""));
        assertTrue(ok(get("label/__name__/values", window)).get("data").toString().contains("\"up\""));
        assertTrue(ok(get("metadata", Map.of())).get("data").has("up"));
        assertTrue(ok(get("series", Map.of("match[]", List.of("up"), "start", window.get("start"),
                "end", window.get("end")))).get("data").size() == 1);
        engine.answer("rate(http_requests_total[5m])", new QueryResult.RangeMatrix(List.of()), List.of(), List.of());
        JsonNode range = ok(post("query_range", Map.of("query", List.of("rate(http_requests_total[5m])"),
                "start", window.get("start"), "end", window.get("end"), "step", List.of("15"))));
        assertEquals(json("{\"resultType\":\"matrix\",\"result\":[]}"), range.get("data"));
        assertEquals(200, post("query_exemplars", Map.of("query", List.of("rate(http_requests_total[5m])"),
                "start", window.get("start"), "end", window.get("end"))).status());
    }

    private record Answer(int status, String body) {
    }

    private Answer get(String endpoint, Map<String, List<String>> params) {
        WebTarget t = target.path("/prometheus/api/v1/" + endpoint);
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            t = t.queryParam(param.getKey(), param.getValue().stream()
                    .map(v -> v.replace("{", "%7B").replace("}", "%7D")).toArray());
        }
        try (Response response = t.request().get()) {
            return new Answer(response.getStatus(), response.readEntity(String.class));
        }
    }

    private Answer post(String endpoint, Map<String, List<String>> params) {
        Form form = new Form();
        params.forEach((name, values) -> values.forEach(value -> form.param(name, value)));
        try (Response response = target.path("/prometheus/api/v1/" + endpoint).request().post(Entity.form(form))) {
            return new Answer(response.getStatus(), response.readEntity(String.class));
        }
    }

    private static JsonNode ok(Answer answer) throws IOException {
        assertEquals(200, answer.status(), answer.body());
        JsonNode json = MAPPER.readTree(answer.body());
        assertEquals("success", json.get("status").asText());
        return json;
    }

    private static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    private static void bad(Map<String, Map<String, List<String>>> cases, Map<String, String> expected, String endpoint,
                            Map<String, String> params, String error) {
        String key = endpoint + " " + new TreeMap<>(params);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((name, value) -> multi.put(name, List.of(value)));
        cases.put(key, multi);
        expected.put(key, error);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
