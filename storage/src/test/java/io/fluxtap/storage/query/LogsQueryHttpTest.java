package io.fluxtap.storage.query;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter language, cursor paging and live tail of /api/v1/logs in a real server over a real DuckDB. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/logs-query-http-test")
class LogsQueryHttpTest extends ServerTest {

    private static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");
    private static final String INJECTION = "it's broken' OR '1'='1";

    @Test
    void everyOperatorSelectsWhatItShould() throws Exception {
        // The data directory outlives a run, so this run's rows carry a service name of their own.
        String e = "filter-" + UUID.randomUUID();
        store(log(e, 1, Level.ERROR, "upstream timeout", Map.of("http.status_code", 503L, "path/x~", "a"), 7L),
                log(e, 2, Level.WARN, "slow TIMEOUT budget", Map.of("http.status_code", 200L), null),
                log(e, 3, Level.INFO, "all good", Map.of("http.status_code", "500"), null),
                log(e, 4, Level.ERROR, INJECTION, Map.of(), -1L));
        String svc = "entity_name = '" + e + "' AND ";

        assertEquals(List.of("upstream timeout"), bodies(svc
                + "level IN ('error','warn') AND body CONTAINS 'timeout' AND attributes.http.status_code >= 500"));
        assertEquals(List.of("all good", "slow TIMEOUT budget"), bodies(svc + "level != 'ERROR'"));
        assertEquals(List.of(INJECTION, "upstream timeout"), bodies(svc + "level = 'Error'"));
        assertEquals(List.of("all good"), bodies(svc + "severity_number < 13"));
        assertEquals(List.of("slow TIMEOUT budget"), bodies(svc + "severity_number <= 13 AND severity_number > 9"));
        assertEquals(List.of(INJECTION, "upstream timeout"), bodies(svc + "severity_number >= 17"));
        assertEquals(List.of("slow TIMEOUT budget"), bodies(svc + "body =~ '^slow'"));
        assertEquals(List.of(INJECTION, "all good", "upstream timeout"), bodies(svc + "body !~ '^slow'"));
        assertEquals(List.of(INJECTION, "all good"), bodies(svc + "level NOT IN ('warn') AND NOT body CONTAINS 'TIMEOUT'"));
        // The aliases ?level= takes (Level.fromText) mean the same level in the filter language.
        assertEquals(List.of("slow TIMEOUT budget"), bodies(svc + "level = 'warning'"));
        assertEquals(List.of(INJECTION, "upstream timeout"), bodies(svc + "level IN ('ERR', 'critical')"));
        assertEquals(List.of("all good", "upstream timeout"), bodies(svc + "level != 'Warning' AND body !~ 'broken'"));
        // AND before OR; parentheses change it.
        assertEquals(List.of("all good"), bodies(svc + "(level = 'info' OR level = 'warn' AND body CONTAINS 'good')"));
        assertEquals(List.of("slow TIMEOUT budget"), bodies(svc + "(level = 'info' OR level = 'warn') AND body CONTAINS 'budget'"));
        // A number compares numerically (the text "500" included), a string as text.
        assertEquals(List.of("all good"), bodies(svc + "attributes.http.status_code = 500"));
        assertEquals(List.of("all good", "upstream timeout"), bodies(svc + "attributes.http.status_code >= 500"));
        assertEquals(List.of("slow TIMEOUT budget"), bodies(svc + "attributes.http.status_code = '200'"));
        // A missing attribute is never equal, so != and NOT keep it.
        assertEquals(List.of(INJECTION, "all good", "slow TIMEOUT budget"), bodies(svc + "attributes.http.status_code != 503"));
        assertEquals(List.of(INJECTION, "all good", "slow TIMEOUT budget"), bodies(svc + "NOT attributes.http.status_code = 503"));
        assertEquals(List.of("upstream timeout"), bodies(svc + "attributes.\"path/x~\" = 'a'"));
        assertEquals(List.of("upstream timeout", "slow TIMEOUT budget", "all good", INJECTION),
                bodies(svc + "resource.service.name = '" + e + "'").reversed());
        assertEquals(List.of(INJECTION, "all good"), bodies(svc + "ts >= '2026-11-22T10:00:03Z'"));
        assertEquals(List.of("upstream timeout"), bodies(svc + "ts < " + BASE.plusSeconds(2).toEpochMilli()));
        assertEquals(List.of(INJECTION), bodies(svc + "flux_id = '18446744073709551615'"));
        assertEquals(List.of("upstream timeout"), bodies(svc + "flux_id < 10"));
        // A quote inside a literal stays inside the literal: no way out into the SQL.
        assertEquals(List.of(INJECTION), bodies(svc + "body = 'it''s broken'' OR ''1''=''1'"));
        assertEquals(List.of(), bodies(svc + "body = 'x'' OR ''1''=''1'"));
        assertEquals(List.of(), bodies(svc + "attributes.\"x') OR true --\" = 'a'"));
    }

    @Test
    void aFilterThatDoesNotParseOrFitIs400WithThePosition() throws Exception {
        assertError("entity_name = 'api' AND", 23, "expected a field name");
        assertError("level IN ('error','warn') AND nosuch = 1", 30, "unknown field 'nosuch'");
        assertError("severity_number = 'high'", 18, "severity_number is a number");
        assertError("ts CONTAINS '2026'", 0, "ts is a time");
        assertError("flux_id = -1", 10, "flux_id is a whole number");
        assertError("ts > 'yesterday'", 5, "ts: cannot read 'yesterday'");
        // A regular expression that does not compile points at its literal, wherever it is in the filter.
        assertError("body =~ '(a'", 8, "invalid regular expression '(a'");
        assertError("level = 'info' AND attributes.path !~ 'x[' OR body = 'a'", 38, "invalid regular expression 'x['");
        assertError("level = 'info' OR gear_id =~ '*'", 29, "invalid regular expression '*'");
        // An unknown level matches nothing, silently, unless it is refused: refused, naming the levels allowed.
        assertError("entity_name = 'api' AND level = 'warnnig'", 32,
                "unknown level 'warnnig' (expected one of trace, debug, info, warn, error, fatal, unspecified");
        assertError("level IN ('error', 'bad')", 19, "unknown level 'bad'");
    }

    @Test
    void theLevelParameterRefusesUnknownLevelsNamingTheAllowedOnes() throws Exception {
        try (Response response = target.path("/api/v1/logs").queryParam("level", "info,warnnig").request().get()) {
            assertEquals(400, response.getStatus());
            assertTrue(json(response).get("error").asText().contains(
                    "unknown level 'warnnig' (expected one of trace, debug, info, warn, error, fatal, unspecified"));
        }
    }

    @Test
    void pagesOverRecordsSharingATimestampLoseAndRepeatNothing() throws Exception {
        String e = "pages-" + UUID.randomUUID();
        List<LogRecord> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stored.add(log(e, 5, Level.INFO, "same instant " + i, Map.of(), null));
        }
        for (int i = 0; i < 5; i++) {
            stored.add(log(e, 5, Level.INFO, "identical twin", Map.of(), null));
        }
        stored.add(log(e, 6, Level.INFO, "newest", Map.of(), null));
        stored.add(log(e, 4, Level.INFO, "oldest", Map.of(), null));
        store(stored.toArray(LogRecord[]::new));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            WebTarget page = target.path("/api/v1/logs").queryParam("query", "entity_name = '" + e + "'").queryParam("limit", 4);
            if (cursor != null) {
                page = page.queryParam("cursor", cursor);
            }
            JsonNode json = get(page);
            json.get("logs").forEach(log -> seen.add(log.get("body").asText()));
            cursor = json.get("next_cursor").isNull() ? null : json.get("next_cursor").asText();
            assertTrue(++pages <= 7, "27 records in pages of 4 take 7 pages");
        } while (cursor != null);

        assertEquals(27, seen.size());
        assertEquals("newest", seen.getFirst());
        assertEquals("oldest", seen.getLast());
        assertEquals(stored.stream().map(LogRecord::body).sorted().toList(), seen.stream().sorted().toList());
    }

    @Test
    void tailHandsOutOnlyNewerRecordsOldestFirstAndWaitsWhenAsked() throws Exception {
        String e = "tail-" + UUID.randomUUID();
        String query = "entity_name = '" + e + "' AND level != 'debug'";
        store(log(e, 1, Level.INFO, "one", Map.of(), null), log(e, 2, Level.INFO, "two", Map.of(), null),
                log(e, 3, Level.INFO, "three", Map.of(), null));

        JsonNode start = get(target.path("/api/v1/logs/tail").queryParam("query", query).queryParam("limit", 2));
        assertEquals(List.of("two", "three"), start.get("logs").findValuesAsText("body"));
        String cursor = start.get("cursor").asText();

        JsonNode nothingNew = get(target.path("/api/v1/logs/tail").queryParam("query", query).queryParam("after", cursor));
        assertEquals(0, nothingNew.get("count").asInt());
        assertEquals(cursor, nothingNew.get("cursor").asText());

        // A record identical to the last one handed out (same timestamp, same hash) is new all the same; a debug
        // record stays filtered out.
        store(log(e, 3, Level.INFO, "three", Map.of(), null), log(e, 9, Level.DEBUG, "filtered", Map.of(), null),
                log(e, 4, Level.INFO, "four", Map.of(), null));
        JsonNode next = get(target.path("/api/v1/logs/tail").queryParam("query", query).queryParam("after", cursor));
        assertEquals(List.of("three", "four"), next.get("logs").findValuesAsText("body"));
        cursor = next.get("cursor").asText();

        // Long poll: the request is open before the record exists and answers once it is stored.
        Future<Response> waiting = target.path("/api/v1/logs/tail").queryParam("query", query).queryParam("after", cursor)
                .queryParam("wait", 20).request().async().get();
        assertFalse(waiting.isDone());
        store(log(e, 5, Level.WARN, "five", Map.of(), null));
        try (Response response = waiting.get(25, TimeUnit.SECONDS)) {
            assertEquals(200, response.getStatus());
            JsonNode json = json(response);
            assertEquals(List.of("five"), json.get("logs").findValuesAsText("body"));
            assertNotNull(json.get("cursor").asText());
        }
    }

    private void assertError(String query, int position, String messageStart) throws Exception {
        try (Response response = target.path("/api/v1/logs").queryParam("query", query).request().get()) {
            assertEquals(400, response.getStatus(), query);
            JsonNode json = json(response);
            assertTrue(json.get("error").asText().startsWith(messageStart), json.toString());
            assertEquals(position, json.get("position").asInt(), json.toString());
        }
    }

    private List<String> bodies(String query) throws Exception {
        return get(target.path("/api/v1/logs").queryParam("query", query)).get("logs").findValuesAsText("body");
    }

    private static JsonNode get(WebTarget request) throws Exception {
        try (Response response = request.request().get()) {
            String body = response.readEntity(String.class);
            assertEquals(200, response.getStatus(), body);
            return MAPPER.readTree(body);
        }
    }

    private static JsonNode json(Response response) throws Exception {
        return MAPPER.readTree(response.readEntity(String.class));
    }

    private void store(LogRecord... logs) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, List.of(logs)));
        }
    }

    private static LogRecord log(String entity, int second, Level level, String body, Map<String, Object> attributes, Long fluxId) {
        Instant ts = BASE.plusSeconds(second);
        return new LogRecord(ts, ts, null, null, fluxId, null, entity, null, level, level.severityNumber(), body,
                attributes, Map.of("service.name", entity));
    }
}
