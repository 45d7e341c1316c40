package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.ingestion.testing.CdiTestServer;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestServerConfig;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages API over real HTTP in the real Helidon MP container with this module's beans (wire specs from
 * a directory, flux id generator, lane P0 with its write-ahead log); only the store is a test double.
 */
class MessagesResourceCdiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VISA = "/api/v1/messages/fluxSpec/visa-v1";

    @RegisterExtension
    final CdiTestServer server = CdiTestServer.perTest(Map.of(
            "fluxtap.flux-id.machine-id", "77",
            "fluxtap.messages.max-request-bytes", "2048"))
            .wireSpec("visa-v1.yaml", """
                        wire: fluxSpec/visa-v1
                        flux_id: /fluxId
                        promote:
                          - {pointer: /card/bin, column: bin, type: string, required: true}
                          - {pointer: /currency, column: currency, type: string, required: true}
                          - {pointer: /amount, column: amount, type: double, required: true}
                        """);

    @Test
    void messagesAreAcknowledgedWithTheirFluxIdsAndReachTheStoreThroughLaneP0() throws Exception {
        String single = "{\"card\":{\"bin\":\"411111\"},\"currency\":\"EUR\",\"amount\":10.5}";
        HttpResponse<String> one = post(VISA, "application/json", single,
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertEquals(200, one.statusCode(), one.body());
        assertEquals("application/json", one.headers().firstValue("Content-Type").orElseThrow());
        JsonNode accepted = JSON.readTree(one.body());
        assertEquals(1, accepted.get("accepted").asInt());
        long generated = Long.parseUnsignedLong(accepted.get("flux_ids").get(0).asText());
        assertEquals(77, FluxIdGenerator.machine(generated));

        String given = "{\"fluxId\":\"18446744073709551000\",\"card\":{\"bin\":\"1\"},\"currency\":\"USD\",\"amount\":1}";
        String missing = "{\"card\":{\"bin\":\"2\"},\"currency\":\"USD\",\"amount\":2}";
        HttpResponse<String> array = post(VISA, "application/json; charset=utf-8", "[" + given + ", " + missing + "]");

        assertEquals(200, array.statusCode(), array.body());
        JsonNode ids = JSON.readTree(array.body()).get("flux_ids");
        assertEquals(2, JSON.readTree(array.body()).get("accepted").asInt());
        assertEquals("18446744073709551000", ids.get(0).asText(), "a given flux id is kept");
        long second = Long.parseUnsignedLong(ids.get(1).asText());
        assertEquals(77, FluxIdGenerator.machine(second));
        assertTrue(second > generated, "generated ids grow");

        until(() -> messages().size() == 3, WAIT, () -> "stored: " + messages());
        assertTrue(server.sink().batches().stream().filter(b -> !b.messages().isEmpty()).allMatch(b -> b.lane() == Lane.P0));
        BusinessMessage first = messages().getFirst();
        assertEquals(generated, first.fluxId());
        assertEquals(single, first.json());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", first.traceId());
        assertEquals("00f067aa0ba902b7", first.spanId());
        assertEquals(10.5, first.promoted().get("amount"));
        assertTrue(Duration.between(first.timestamp(), Instant.now()).abs().compareTo(WAIT) < 0, "time of arrival");
        assertEquals(List.of(given, missing), messages().subList(1, 3).stream().map(BusinessMessage::json).toList());
        assertNull(messages().get(1).traceId());
    }

    @Test
    void refusedRequestsStoreNothing() throws Exception {
        String good = "{\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";

        HttpResponse<String> unknown = post("/api/v1/messages/nope", "application/json", good);
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown wire 'nope'", JSON.readTree(unknown.body()).get("error").asText());
        assertEquals(404, post("/api/v1/messages/fluxSpec/visa-v1/extra", "application/json", good).statusCode());

        HttpResponse<String> text = post(VISA, "text/plain", good);
        assertEquals(415, text.statusCode());
        assertTrue(JSON.readTree(text.body()).get("error").asText().contains("not JSON"), text.body());
        assertEquals(415, post(VISA, null, good).statusCode(), "no Content-Type");
        assertEquals(415, post(VISA, "application/json; charset=iso-8859-1", good).statusCode());
        assertEquals(200, post(VISA, "application/vnd.acme+json", good).statusCode(), "+json types are JSON");

        HttpResponse<String> large = post(VISA, "application/json", "[" + (good + ",").repeat(60) + good + "]");
        assertEquals(413, large.statusCode(), large.body());
        assertTrue(JSON.readTree(large.body()).get("error").asText().contains("limit of 2048 bytes"), large.body());

        HttpResponse<String> malformed = post(VISA, "application/json", "{\"card\": ");
        assertEquals(400, malformed.statusCode());
        assertTrue(JSON.readTree(malformed.body()).get("error").asText().contains("not valid JSON"), malformed.body());
        assertEquals(400, post(VISA, "application/json", "[]").statusCode());
        assertEquals(400, post(VISA, "application/json", "[" + good + ", 7]").statusCode());

        String keep = "{\"fluxId\": 1001, \"card\":{\"bin\":\"kept?\"},\"currency\":\"EUR\",\"amount\":1}";
        HttpResponse<String> missing = post(VISA, "application/json",
                "[" + keep + ", {\"card\":{\"bin\":\"2\"},\"amount\":1}]");
        assertEquals(422, missing.statusCode());
        JsonNode problem = JSON.readTree(missing.body());
        assertEquals("currency", problem.get("field").asText());
        assertEquals(1, problem.get("index").asInt());
        assertTrue(problem.get("error").asText().contains("required field /currency (column currency) is missing"),
                missing.body());

        HttpResponse<String> wrongType = post(VISA, "application/json",
                "{\"card\":{\"bin\":\"2\"},\"currency\":\"EUR\",\"amount\":\"ten\"}");
        assertEquals(422, wrongType.statusCode());
        assertEquals("amount", JSON.readTree(wrongType.body()).get("field").asText());
        assertEquals(0, JSON.readTree(wrongType.body()).get("index").asInt());

        // Lane P0 stores in order: once a later message is stored, nothing refused before it is on its way.
        String last = "{\"fluxId\": 2002, \"card\":{\"bin\":\"last\"},\"currency\":\"EUR\",\"amount\":1}";
        assertEquals(200, post(VISA, "application/json", last).statusCode());
        until(() -> messages().stream().anyMatch(m -> m.fluxId() == 2002), WAIT, () -> "stored: " + messages());
        assertEquals(2, messages().size(), "only the +json message and the last one: " + messages());
        assertFalse(messages().stream().anyMatch(m -> m.fluxId() == 1001), "the refused batch left nothing");
    }

    private List<BusinessMessage> messages() {
        return server.sink().batches().stream().map(RecordBatch::messages).flatMap(List::stream).toList();
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return server.post(null, path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
