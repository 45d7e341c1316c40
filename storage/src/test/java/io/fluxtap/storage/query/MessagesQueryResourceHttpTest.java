package io.fluxtap.storage.query;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module's beans in a real Helidon server: messages in through the RecordSink, out over HTTP. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/messages-query-http-test")
@AddConfig(key = "fluxtap.wires.dir", value = "src/test/resources/wires")
class MessagesQueryResourceHttpTest extends ServerTest {

    private static final String WIRE = "/api/v1/messages/fluxSpec/visa-v1";

    // The data directory outlives a run, so each run's messages have ids and times of their own.
    private final long firstId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2) | Long.MIN_VALUE;
    private final Instant base = Instant.parse("2030-01-01T00:00:00Z")
            .plusSeconds(ThreadLocalRandom.current().nextLong(100_000_000L));

    @Test
    void aStoredMessageComesBackWithEveryField() throws Exception {
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", "411111");
        promoted.put("currency", "EUR");
        promoted.put("amount", 12.5);
        write(new BusinessMessage("fluxSpec/visa-v1", firstId, base.plusNanos(123_456_789), promoted,
                "{\"card\": {\"bin\": \"411111\"}, \"currency\": \"EUR\", \"amount\": 12.5}",
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "pos-7", "acquirer", "auth"));

        JsonNode page = get(WIRE + "?flux_id=" + Long.toUnsignedString(firstId), 200);

        assertEquals(1, page.get("count").asInt());
        assertEquals(MAPPER.readTree("""
                {"flux_id":"%s","ts":"%s","wire_id":"fluxSpec/visa-v1",
                 "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","machine_id":"pos-7",
                 "entity_name":"acquirer","gear_id":"auth","promoted":{"bin":"411111","currency":"EUR","amount":12.5},
                 "json":{"card":{"bin":"411111"},"currency":"EUR","amount":12.5}}
                """.formatted(Long.toUnsignedString(firstId), base.plusNanos(123_456_000))),
                page.get("messages").get(0));
    }

    @Test
    void timeAndLimitSelectNewestFirst() throws Exception {
        write(message(firstId + 1, "a", base), message(firstId + 2, "b", base.plusSeconds(10)),
                message(firstId + 3, "c", base.plusSeconds(20)));
        String window = "?from=" + base.plusSeconds(5) + "&to=" + base.plusSeconds(25);

        assertEquals(List.of("c", "b"), notes(get(WIRE + window, 200)));
        assertEquals(List.of("c"), notes(get(WIRE + window + "&limit=1", 200)));
        assertEquals(List.of("a"), notes(get(WIRE + "?from=" + base.toEpochMilli() + "&to=" + base.plusSeconds(1).toEpochMilli(), 200)),
                "epoch milliseconds work too");
    }

    @Test
    void unknownWiresAndBadParametersAreRefused() throws Exception {
        assertEquals("unknown wire 'nope/x'", get("/api/v1/messages/nope/x", 404).get("error").asText());
        assertEquals("flux_id must be an unsigned 64-bit decimal, was '18446744073709551616'",
                get(WIRE + "?flux_id=18446744073709551616", 400).get("error").asText());
        assertTrue(get(WIRE + "?flux_id=-1", 400).get("error").asText().startsWith("flux_id must be"));
        assertEquals("limit must be a whole number between 1 and 1000, was '0'", get(WIRE + "?limit=0", 400).get("error").asText());
        assertTrue(get(WIRE + "?from=yesterday", 400).get("error").asText().startsWith("from: cannot read 'yesterday'"));
    }

    private JsonNode get(String pathAndQuery, int status) throws Exception {
        String[] parts = pathAndQuery.split("\\?", 2);
        WebTarget request = target.path(parts[0]);
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                request = request.queryParam(kv[0], kv[1]);
            }
        }
        try (Response response = request.request().get()) {
            String body = response.readEntity(String.class);
            assertEquals(status, response.getStatus(), body);
            return MAPPER.readTree(body);
        }
    }

    private void write(BusinessMessage... messages) {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P0)) {
            writer.write(new RecordBatch(Lane.P0, List.of(), List.of(), List.of(), List.of(messages), RecordBatch.NO_WAL));
        }
    }

    private static List<String> notes(JsonNode page) {
        return StreamSupport.stream(page.get("messages").spliterator(), false)
                .map(m -> m.get("json").get("note").asText()).toList();
    }

    private static BusinessMessage message(long fluxId, String note, Instant ts) {
        return new BusinessMessage("fluxSpec/visa-v1", fluxId, ts, Map.of("bin", "1", "currency", "EUR", "amount", 1.0),
                "{\"note\":\"" + note + "\"}", null, null, null, null, null);
    }
}
