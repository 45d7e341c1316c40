package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Business messages posted to the wire the distribution ships (conf/wires/visa-v1.yaml: fluxSpec/visa-v1) and
 * read back through the API: acknowledged with flux ids after lane P0's fsync, stored exactly as sent, and a
 * request that does not fit the wire refused as a whole.
 */
class MessagesEndToEndTest extends FluxtapEndToEnd {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VISA = "/api/v1/messages/fluxSpec/visa-v1";

    @Test
    void singleMessagesAndArraysAreAcknowledgedWithFluxIdsAndReadBackExactly() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Instant authorisedAt = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(30);
        String single = """
                {"card": {"bin": "411111", "last4": "1111"}, "currency": "EUR", "amount": 12.5,
                 "merchant": {"mcc": 5411, "name": "Café ✓"}, "authorisedAt": "%s"}""".formatted(authorisedAt);
        HttpResponse<String> one = post(single, "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertEquals(200, one.statusCode(), one.body());
        JsonNode oneAck = json(one);
        assertEquals(1, oneAck.get("accepted").asInt());
        String singleId = oneAck.get("flux_ids").get(0).asText();

        String given = Long.toUnsignedString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        String first = """
                {"fluxId": "%s", "card": {"bin": "522222"}, "currency": "USD", "amount": 100}""".formatted(given);
        String second = """
                {"card": {"bin": "522222"}, "currency": "USD", "amount": 0.75}""";
        String third = """
                {"card": {"bin": "411111"}, "currency": "EUR", "amount": -2.5, "merchant": {"mcc": null}}""";
        Instant sent = Instant.now();
        HttpResponse<String> array = post("[" + first + ",\n" + second + ",\n" + third + "]");

        assertEquals(200, array.statusCode(), array.body());
        JsonNode ack = json(array);
        assertEquals(3, ack.get("accepted").asInt());
        List<String> ids = List.of(ack.get("flux_ids").get(0).asText(), ack.get("flux_ids").get(1).asText(),
                ack.get("flux_ids").get(2).asText());
        assertEquals(given, ids.get(0), "a message's own flux id is kept");
        Set<String> distinct = new HashSet<>(ids);
        distinct.add(singleId);
        assertEquals(4, distinct.size(), "every message has its own flux id: " + distinct);
        assertTrue(Long.compareUnsigned(Long.parseUnsignedLong(ids.get(1)), Long.parseUnsignedLong(singleId)) > 0
                && Long.compareUnsigned(Long.parseUnsignedLong(ids.get(2)), Long.parseUnsignedLong(ids.get(1))) > 0,
                "generated ids grow");

        JsonNode stored = readBack(singleId);
        assertEquals(TestHttp.JSON.readTree(single), stored.get("json"), "the message as sent");
        assertEquals(TestHttp.JSON.readTree("""
                {"bin": "411111", "currency": "EUR", "amount": 12.5, "mcc": 5411}"""), stored.get("promoted"));
        assertTrue(stored.get("promoted").get("mcc").isIntegralNumber());
        assertEquals(authorisedAt, Instant.parse(stored.get("ts").asText()), "the wire's time field");
        assertEquals("fluxSpec/visa-v1", stored.get("wire_id").asText());
        assertEquals(traceId, stored.get("trace_id").asText());
        assertEquals("00f067aa0ba902b7", stored.get("span_id").asText());

        List<String> bodies = List.of(first, second, third);
        for (int i = 0; i < 3; i++) {
            JsonNode message = readBack(ids.get(i));
            assertEquals(TestHttp.JSON.readTree(bodies.get(i)), message.get("json"));
            assertTrue(message.get("trace_id").isNull(), "no traceparent on that request");
            Instant ts = Instant.parse(message.get("ts").asText());
            assertFalse(ts.isBefore(sent.truncatedTo(ChronoUnit.MICROS)) || ts.isAfter(Instant.now()),
                    "no time field: the time of arrival, was " + ts);
        }
        assertEquals(100.0, readBack(given).get("promoted").get("amount").asDouble());
        assertFalse(readBack(ids.get(2)).get("promoted").has("mcc"), "an optional null field is not promoted");

        JsonNode page = json(get(fluxtap.api(VISA + "?limit=2")));
        assertEquals(2, page.get("count").asInt(), "newest first, limited");
    }

    @Test
    void anUnknownWireIs404() {
        HttpResponse<String> response = TestHttp.post(fluxtap.api("/api/v1/messages/fluxSpec/visa-v2"),
                "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, response.statusCode());
        assertEquals("unknown wire 'fluxSpec/visa-v2'", json(response).get("error").asText());
    }

    @Test
    void aRequestThatDoesNotFitTheWireIsRefusedAndNothingOfItIsStored() {
        String kept = Long.toUnsignedString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        String valid = """
                {"fluxId": %s, "card": {"bin": "411111"}, "currency": "EUR", "amount": 1}""".formatted(kept);
        String noCurrency = """
                {"card": {"bin": "411111"}, "amount": 1}""";
        HttpResponse<String> missing = post("[" + valid + ", " + noCurrency + "]");
        assertEquals(422, missing.statusCode(), missing.body());
        JsonNode problem = json(missing);
        assertEquals("currency", problem.get("field").asText());
        assertEquals(1, problem.get("index").asInt());
        assertTrue(problem.get("error").asText().contains("currency"), missing.body());

        HttpResponse<String> wrongType = post("""
                {"card": {"bin": 411111}, "currency": "EUR", "amount": 1}""");
        assertEquals(422, wrongType.statusCode(), wrongType.body());
        assertEquals("bin", json(wrongType).get("field").asText());
        assertEquals(0, json(wrongType).get("index").asInt());

        HttpResponse<String> malformed = post("[" + valid + ", {\"card\": ");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(json(malformed).get("error").asText().contains("not valid JSON"), malformed.body());

        HttpResponse<String> notJson = TestHttp.post(fluxtap.api(VISA), "text/plain", valid.getBytes(StandardCharsets.UTF_8));
        assertEquals(415, notJson.statusCode(), notJson.body());

        // Lane P0 stores in order: once a message sent afterwards is stored, anything refused before it would be too.
        String after = Long.toUnsignedString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        HttpResponse<String> later = post("""
                {"fluxId": "%s", "card": {"bin": "411111"}, "currency": "EUR", "amount": 2}""".formatted(after));
        assertEquals(200, later.statusCode(), later.body());
        readBack(after);
        assertEquals(0, json(get(fluxtap.api(VISA + "?flux_id=" + kept))).get("count").asInt(),
                "the valid message of the refused request was not stored");
    }

    private JsonNode readBack(String fluxId) {
        return await(WAIT, () -> json(get(fluxtap.api(VISA + "?flux_id=" + fluxId))).get("messages"),
                found -> found.size() == 1).get(0);
    }

    private HttpResponse<String> post(String body, String... headers) {
        URI uri = fluxtap.api(VISA);
        return TestHttp.post(uri, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
