package io.fluxtap.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The resource over a real store, called directly: parameters in, JSON out. */
class LogsResourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DuckDbDatabase db;
    private LogsResource resource;

    @BeforeEach
    void store(@TempDir Path tmp) {
        db = new DuckDbDatabase(tmp);
        resource = new LogsResource(new DuckDbLogQuery(db), 5, 16 << 20);
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, List.of(log("a", Level.WARN, "first", 1), log("a", Level.ERROR, "second", 2),
                    log("a", Level.INFO, "third", 3), log("b", Level.ERROR, "other", 4))));
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theOlderParametersStillSelectAndCombineWithTheQuery() throws Exception {
        JsonNode json = json(resource.search(null, "a", List.of("error,WARN"), null, null, null, "5", null));
        assertEquals(2, json.get("count").asInt());
        assertEquals("second", json.get("logs").get(0).get("body").asText());
        assertEquals("first", json.get("logs").get(1).get("body").asText());
        assertEquals(true, json.get("next_cursor").isNull());

        JsonNode both = json(resource.search("body != 'second'", "a", List.of("error,WARN"), null, null, null, null, null));
        assertEquals(List.of("first"), both.get("logs").findValuesAsText("body"));
    }

    @Test
    void badParametersAre400WithTheReason() throws Exception {
        assertBadRequest(resource.search(null, null, List.of("loud"), null, null, null, null, null), "unknown level 'loud'");
        assertBadRequest(resource.search(null, null, null, null, "noon", null, null, null), "from: cannot read 'noon'");
        assertBadRequest(resource.search(null, null, null, null, null, null, "20000", null), "limit must be between 1 and 10000");
        assertBadRequest(resource.search(null, null, null, null, "2026-11-22T11:00:00Z", "2026-11-22T10:00:00Z", null, null),
                "from (2026-11-22T11:00:00Z) must be before to");
        assertBadRequest(resource.search(null, null, null, null, null, null, null, "bm90LWEtY3Vyc29y"),
                "cursor: 'bm90LWEtY3Vyc29y' is not a cursor this server handed out");
        assertBadRequest(resource.tail(null, null, null, null, null, null, "6"), "wait must be a whole number of seconds from 0 to 5");
    }

    private static JsonNode json(Response response) throws Exception {
        assertEquals(200, response.getStatus());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) response.getEntity()).write(out);
        return MAPPER.readTree(out.toByteArray());
    }

    private static void assertBadRequest(Response response, String messageStart) throws Exception {
        assertEquals(400, response.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        String error = MAPPER.readTree((byte[]) response.getEntity()).get("error").asText();
        assertEquals(messageStart, error.substring(0, Math.min(error.length(), messageStart.length())), error);
    }
}
