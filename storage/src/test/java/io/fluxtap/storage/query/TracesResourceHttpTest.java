package io.fluxtap.storage.query;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module's beans in a real Helidon server: spans in through the RecordSink, out over HTTP. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/traces-resource-http-test")
class TracesResourceHttpTest extends ServerTest {

    @Test
    void aStoredTraceComesBackWithEveryField() throws Exception {
        // The data directory outlives a run, so this run's spans carry a trace id of their own.
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        Instant start = Instant.parse("2026-11-22T10:00:00.250000100Z");
        SpanRecord root = new SpanRecord(traceId, "00f067aa0ba902b7", null, "k=v", 1, "GET /cart", SpanKind.SERVER,
                start, start.plusMillis(40), StatusCode.ERROR, "boom", -2L, "host-1", "cart", "web", "io.web", "2.0",
                Map.of("http.status_code", 500L), Map.of("service.name", "cart"),
                List.of(new SpanRecord.Event(start.plusNanos(7), "exception", Map.of("exception.type", "IOE"), 1)),
                List.of(new SpanRecord.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, 0x80000001,
                        Map.of(), 0)),
                1, 2, 0xFFFFFFFF);
        SpanRecord child = new SpanRecord(traceId, "00f067aa0ba902b8", "00f067aa0ba902b7", null, 0, "SELECT",
                SpanKind.CLIENT, start.plusMillis(1), start.plusMillis(2), StatusCode.UNSET, null, null, null, "cart",
                null, null, null, Map.of(), Map.of(), List.of(), List.of(), 0, 0, 0);
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(child, root), List.of(), RecordBatch.NO_WAL));
        }

        try (Response response = target.path("/api/v1/traces/" + traceId.toUpperCase()).request().get()) {
            assertEquals(200, response.getStatus());
            assertTrue(response.getMediaType().toString().startsWith("application/json"), response.getMediaType().toString());
            JsonNode json = MAPPER.readTree(response.readEntity(String.class));
            assertEquals(traceId, json.get("trace_id").asText());
            assertEquals(2, json.get("spans").size());
            JsonNode first = json.get("spans").get(0);
            assertEquals(MAPPER.readTree("""
                    {"ts":"2026-11-22T10:00:00.250000Z","trace_id":"%s","span_id":"00f067aa0ba902b7",
                     "flux_id":"18446744073709551614","machine_id":"host-1","entity_name":"cart","gear_id":"web",
                     "level":"error","end_ts":"2026-11-22T10:00:00.290000Z","duration_ns":40000000,
                     "parent_span_id":null,"trace_state":"k=v","flags":1,"name":"GET /cart","kind":"server",
                     "status_code":"error","status_message":"boom","scope_name":"io.web","scope_version":"2.0",
                     "scope_attributes":{},"attributes":{"http.status_code":500},"resource":{"service.name":"cart"},
                     "events":[{"time":"2026-11-22T10:00:00.250000107Z","name":"exception",
                                "attributes":{"exception.type":"IOE"},"dropped_attributes_count":1}],
                     "links":[{"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331",
                               "trace_state":null,"flags":2147483649,"attributes":{},"dropped_attributes_count":0}],
                     "dropped_attributes_count":1,"dropped_events_count":2,"dropped_links_count":4294967295,\
                     "start_time_unix_nano":"1795341600250000100","end_time_unix_nano":"1795341600290000100"}
                    """.formatted(traceId)), first);
            JsonNode second = json.get("spans").get(1);
            assertEquals("00f067aa0ba902b8", second.get("span_id").asText());
            assertEquals("00f067aa0ba902b7", second.get("parent_span_id").asText());
            assertEquals("info", second.get("level").asText());
            assertTrue(second.get("flux_id").isNull());
        }
    }

    @Test
    void anUnknownTraceIs404AndAMalformedIdIs400() throws Exception {
        try (Response response = target.path("/api/v1/traces/" + HexFormat.of().formatHex(randomBytes(16)))
                .request().get()) {
            assertEquals(404, response.getStatus());
            assertTrue(MAPPER.readTree(response.readEntity(String.class)).get("error").asText()
                    .startsWith("no spans stored for trace "));
        }
        for (String bad : List.of("abc", "5b8efff798038103d269b633813fc60", "zb8efff798038103d269b633813fc60c",
                "5b8efff798038103d269b633813fc60c0")) {
            try (Response response = target.path("/api/v1/traces/" + bad).request().get()) {
                assertEquals(400, response.getStatus(), bad);
                assertEquals("a trace id is 32 hex characters, was '" + bad + "'",
                        MAPPER.readTree(response.readEntity(String.class)).get("error").asText());
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
