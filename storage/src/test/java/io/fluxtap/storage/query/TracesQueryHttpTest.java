package io.fluxtap.storage.query;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.SpanRecord.SpanKind;
import io.fluxtap.api.SpanRecord.StatusCode;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace tree with its correlated logs and messages, and trace search, in a real server over a real DuckDB. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/traces-query-http-test")
class TracesQueryHttpTest extends ServerTest {

    private static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aTraceComesBackAsATreeWithItsLogsAndMessages() throws Exception {
        String run = UUID.randomUUID().toString();
        String trace = randomHex(16);
        String other = randomHex(16);
        store(List.of(
                span(trace, "0000000000000005", "ffffffffffffffff", "orphan-" + run, "late child", 50, 55, StatusCode.UNSET, Map.of()),
                span(trace, "0000000000000003", "0000000000000002", "cart-" + run, "fetch row", 12, 15, StatusCode.UNSET, Map.of()),
                span(trace, "0000000000000001", null, "front-" + run, "GET /checkout", 0, 100, StatusCode.UNSET, Map.of()),
                span(trace, "0000000000000004", "0000000000000001", "front-" + run, "render", 30, 60, StatusCode.UNSET, Map.of()),
                span(trace, "0000000000000002", "0000000000000001", "cart-" + run, "SELECT", 10, 20, StatusCode.ERROR, Map.of())));
        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, List.of(log(trace, "query slow", 16), log(other, "not this trace", 17),
                    log(trace, "request done", 101))));
        }
        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            writer.write(new RecordBatch(Lane.P0, List.of(), List.of(), List.of(), List.of(new BusinessMessage("fluxSpec/visa-v1",
                    ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), BASE.plusMillis(40),
                    Map.of("bin", "411111", "currency", "EUR", "amount", 12.5), "{\"order\":7}", trace, "0000000000000004",
                    null, "front-" + run, null)), RecordBatch.NO_WAL));
        }

        JsonNode json = get(target.path("/api/v1/traces/" + trace), 200);
        assertEquals(5, json.get("span_count").asInt());
        assertEquals(5, json.get("spans").size(), "the flat list stays as it was");
        assertEquals("2026-11-22T10:00:00.000000Z", json.get("start").asText());
        assertEquals(100_000_000L, json.get("duration_ns").asLong());
        assertEquals("[GET /checkout[SELECT[fetch row], render], late child]", shape(json.get("tree")));
        JsonNode root = json.get("tree").get(0);
        assertEquals("front-" + run, root.get("entity_name").asText());
        assertEquals("error", root.get("children").get(0).get("status_code").asText());
        assertEquals(List.of("query slow", "request done"), json.get("logs").findValuesAsText("body"));
        assertEquals(1, json.get("messages").size());
        assertEquals(7, json.get("messages").get(0).get("json").get("order").asInt());
        assertEquals("0000000000000004", json.get("messages").get(0).get("span_id").asText());
    }

    @Test
    void searchFindsTracesByTheirSpans() throws Exception {
        String run = UUID.randomUUID().toString();
        String front = "front-" + run;
        String slow = randomHex(16);
        String quick = randomHex(16);
        String failing = randomHex(16);
        store(List.of(
                span(slow, "0000000000000001", null, front, "GET /checkout", 0, 900, StatusCode.OK, Map.of("http.route", "/checkout")),
                span(slow, "0000000000000002", "0000000000000001", "db-" + run, "SELECT", 100, 800, StatusCode.UNSET,
                        Map.of("db.system", "duckdb")),
                span(quick, "0000000000000003", null, front, "GET /health", 1000, 1002, StatusCode.OK, Map.of()),
                span(failing, "0000000000000004", null, front, "POST /pay", 2000, 2050, StatusCode.UNSET, Map.of()),
                span(failing, "0000000000000005", "0000000000000004", "pay-" + run, "charge", 2010, 2040, StatusCode.ERROR, Map.of())));

        JsonNode all = search("service=" + front);
        assertEquals(List.of(failing, quick, slow), all.get("traces").findValuesAsText("trace_id"));
        JsonNode first = all.get("traces").get(2);
        assertEquals(MAPPER.readTree("""
                {"trace_id":"%s","root_service":"%s","root_operation":"GET /checkout","start":"2026-11-22T10:00:00.000000Z",
                 "duration_ns":900000000,"span_count":2,"error":false}""".formatted(slow, front)), first);
        assertTrue(all.get("traces").get(0).get("error").asBoolean());

        assertEquals(List.of(slow), ids("service=db-" + run));
        assertEquals(List.of(slow), ids("service=" + front + "&operation=GET /checkout"));
        assertEquals(List.of(slow), ids("service=" + front + "&min_duration=500ms"));
        assertEquals(List.of(failing, quick), ids("service=" + front + "&max_duration=0.1s"));
        assertEquals(List.of(quick), ids("service=" + front + "&max_duration=2000000"));
        assertEquals(List.of(failing), ids("service=pay-" + run + "&status=error"));
        // Conditions hold for one span: the failing span is not the front service's.
        assertEquals(List.of(), ids("service=" + front + "&status=ERROR"));
        assertEquals(List.of(slow), ids("attr=db.system=duckdb&service=db-" + run));
        assertEquals(List.of(slow), ids("attr=http.route=/checkout&attr=service.name=" + front));
        assertEquals(List.of(quick), ids("service=" + front + "&from=2026-11-22T10:00:01Z&to=2026-11-22T10:00:02Z"));
        assertEquals(List.of(failing), ids("service=" + front + "&limit=1"));

        assertEquals("status is one of unset, ok, error; was 'bad'", get(target.path("/api/v1/traces").queryParam("status", "bad"), 400)
                .get("error").asText());
        assertTrue(get(target.path("/api/v1/traces").queryParam("min_duration", "fast"), 400).get("error").asText()
                .startsWith("min_duration is a duration such as 250ms"));
        assertEquals("attr is key=value, was 'novalue'", get(target.path("/api/v1/traces").queryParam("attr", "novalue"), 400)
                .get("error").asText());
    }

    @Test
    void pagingThroughMoreTracesThanTheLimitReturnsEachTraceExactlyOnce() throws Exception {
        String service = "paged-" + UUID.randomUUID();
        List<SpanRecord> spans = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        // 23 traces, in groups of three that start in the same millisecond: the cursor must tell them apart by id.
        for (int i = 0; i < 23; i++) {
            String trace = randomHex(16);
            spans.add(span(trace, "0000000000000001", null, service, "op", (i / 3) * 10, (i / 3) * 10 + 5,
                    StatusCode.OK, Map.of()));
            expected.add(trace);
        }
        store(spans);
        expected.sort(java.util.Comparator.comparing((String id) -> spans.stream()
                .filter(s -> s.traceId().equals(id)).findFirst().orElseThrow().startTime()).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search("service=" + service + "&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
            List<String> ids = page.get("traces").findValuesAsText("trace_id");
            assertTrue(ids.size() <= 5, page.toString());
            assertEquals(ids.size(), page.get("count").asInt());
            assertEquals(23, page.path("total").asInt(-1), "every page tells the whole search's total: " + page);
            seen.addAll(ids);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(expected, seen, "every trace once, newest first");
        assertEquals(5, pages, "4 full pages and one of 3, the last without next_cursor");

        // A page that ends exactly at the last trace says so: no empty page after it.
        JsonNode all = search("service=" + service + "&limit=23");
        assertTrue(all.get("next_cursor").isNull(), all.toString());
        assertTrue(get(target.path("/api/v1/traces").queryParam("cursor", "nonsense"), 400).get("error").asText()
                .startsWith("cursor: 'nonsense' is not a cursor this server handed out"));
    }

    /** Span names nested as the tree nests them. */
    private static String shape(JsonNode nodes) {
        List<String> parts = new ArrayList<>();
        for (JsonNode node : nodes) {
            parts.add(node.get("name").asText() + (node.get("children").isEmpty() ? "" : shape(node.get("children"))));
        }
        return parts.toString();
    }

    private List<String> ids(String query) throws Exception {
        return search(query).get("traces").findValuesAsText("trace_id");
    }

    private JsonNode search(String query) throws Exception {
        WebTarget request = target.path("/api/v1/traces");
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            request = request.queryParam(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return get(request, 200);
    }

    private static JsonNode get(WebTarget request, int status) throws Exception {
        try (Response response = request.request().get()) {
            String body = response.readEntity(String.class);
            assertEquals(status, response.getStatus(), body);
            return MAPPER.readTree(body);
        }
    }

    private void store(List<SpanRecord> spans) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), spans, List.of(), RecordBatch.NO_WAL));
        }
    }

    private static SpanRecord span(String trace, String id, String parent, String service, String name, int startMs,
                                   int endMs, StatusCode status, Map<String, Object> attributes) {
        return new SpanRecord(trace, id, parent, null, 0, name, SpanKind.INTERNAL, BASE.plusMillis(startMs),
                BASE.plusMillis(endMs), status, null, null, null, service, null, null, null, attributes,
                Map.of("service.name", service), List.of(), List.of(), 0, 0, 0);
    }

    private static LogRecord log(String trace, String body, int ms) {
        Instant ts = BASE.plusMillis(ms);
        return new LogRecord(ts, ts, trace, null, null, null, "svc", null, Level.INFO, 9, body, Map.of(), Map.of());
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
