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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /api/v1/logs pages bounded in bytes (fluxtap.logs.max-page-bytes, small here) and streamed: a page of large
 * records is cut where its records reach the bound, says so, and its cursor goes on exactly after the last record.
 */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/logs-page-bytes-http-test")
@AddConfig(key = "fluxtap.logs.max-page-bytes", value = LogsPageBytesHttpTest.MAX_PAGE_BYTES)
class LogsPageBytesHttpTest extends ServerTest {

    static final String MAX_PAGE_BYTES = "65536";
    private static final int BOUND = Integer.parseInt(MAX_PAGE_BYTES);
    /** The envelope around the records: {"logs":[...],"count":N,"next_cursor":"...","truncated":true}. */
    private static final int ENVELOPE = 200;
    private static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aPageOverTheByteBoundIsCutAndItsCursorGoesOnWithNothingLostOrRepeated() throws Exception {
        String e = "bytes-" + UUID.randomUUID();
        List<LogRecord> stored = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // Groups of three share a timestamp, so some cuts fall between records of one instant.
            stored.add(log(e, i / 3, "record " + i + " " + "x".repeat(4000)));
        }
        stored.add(log(e, 30, "huge " + "y".repeat(3 * BOUND)));
        store(stored);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        boolean anyCut = false;
        do {
            WebTarget request = target.path("/api/v1/logs").queryParam("query", "entity_name = '" + e + "'")
                    .queryParam("limit", 10000);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Page page = get(request);
            JsonNode logs = page.json().get("logs");
            assertTrue(logs.size() >= 1);
            if (logs.size() > 1) {
                assertTrue(page.bytes() <= BOUND + ENVELOPE, "a page of " + page.bytes() + " bytes");
            }
            logs.forEach(log -> seen.add(log.get("body").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            boolean truncated = page.json().get("truncated").asBoolean();
            assertEquals(truncated, cursor != null, "every page but the last is cut by bytes here");
            anyCut |= truncated;
            assertTrue(++pages <= 20);
        } while (cursor != null);

        assertTrue(anyCut);
        assertTrue(pages >= 5, "about 250 KB in pages of 64 KB: " + pages);
        assertEquals(stored.size(), seen.size(), "nothing lost or repeated");
        assertEquals(stored.stream().map(LogRecord::body).sorted().toList(), seen.stream().sorted().toList());
        assertTrue(seen.getFirst().startsWith("huge "), "newest first");
        assertTrue(seen.getLast().startsWith("record 0 ") || seen.getLast().startsWith("record 1 ")
                || seen.getLast().startsWith("record 2 "));
    }

    @Test
    void aTailOverTheByteBoundIsCutAndGoesOnFromItsCursor() throws Exception {
        String e = "tail-bytes-" + UUID.randomUUID();
        store(List.of(log(e, 0, "start")));
        String query = "entity_name = '" + e + "'";
        String cursor = get(target.path("/api/v1/logs/tail").queryParam("query", query).queryParam("limit", 1))
                .json().get("cursor").asText();
        List<LogRecord> stored = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stored.add(log(e, 1 + i / 4, "tail " + i + " " + "z".repeat(5000)));
        }
        store(stored);

        List<String> seen = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        while (true) {
            Page page = get(target.path("/api/v1/logs/tail").queryParam("query", query).queryParam("after", cursor)
                    .queryParam("limit", 10000));
            JsonNode logs = page.json().get("logs");
            if (logs.isEmpty()) {
                assertFalse(page.json().get("truncated").asBoolean());
                break;
            }
            assertTrue(page.bytes() <= BOUND + ENVELOPE, "a page of " + page.bytes() + " bytes");
            logs.forEach(log -> seen.add(log.get("body").asText()));
            cursor = page.json().get("cursor").asText();
            assertTrue(seen.size() <= 40);
        }
        distinct.addAll(seen);
        assertEquals(40, seen.size());
        assertEquals(40, distinct.size());
        assertEquals(stored.stream().map(LogRecord::body).sorted().toList(), seen.stream().sorted().toList());
        // Oldest first: records of one instant come in the store's tie-break order, instants in time order.
        List<Integer> seconds = seen.stream().map(body -> Integer.parseInt(body.split(" ")[1]) / 4).toList();
        assertEquals(seconds.stream().sorted().toList(), seconds);
    }

    private record Page(JsonNode json, int bytes) {
    }

    private static Page get(WebTarget request) throws Exception {
        try (Response response = request.request().get()) {
            byte[] body = response.readEntity(byte[].class);
            assertEquals(200, response.getStatus(), new String(body, StandardCharsets.UTF_8));
            return new Page(MAPPER.readTree(body), body.length);
        }
    }

    private void store(List<LogRecord> logs) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, logs));
        }
    }

    private static LogRecord log(String entity, int second, String body) {
        Instant ts = BASE.plusSeconds(second);
        return new LogRecord(ts, ts, null, null, null, null, entity, null, Level.INFO, Level.INFO.severityNumber(), body,
                Map.of(), Map.of("service.name", entity));
    }
}
