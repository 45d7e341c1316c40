package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.ingestion.testing.CdiTestServer;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestServerConfig;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10 item 14 through the wired server: {@code fluxtap.ingest.max-future-skew} (here 1h) reaches the messages
 * API, which answers 422 on {@code ts} for a message dated further ahead (or before 1970) and stores nothing of that
 * request, counted as {@code fluxtap_ingest_rejected_total{signal="messages",reason="timestamp_out_of_range"}}. The
 * margins (30 minutes in, 2 hours out) leave the real clock room; the exact edges are MessageDecoderTest's.
 */
class MessagesTimestampCdiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CdiTestServer server = CdiTestServer.perTest(Map.of("fluxtap.ingest.max-future-skew", "1h"))
            .wireSpec("visa-v1.yaml", """
                        wire: fluxSpec/visa-v1
                        flux_id: /fluxId
                        timestamp: /at
                        promote:
                          - {pointer: /amount, column: amount, type: double, required: true}
                        """);

    @Test
    void aMessageDatedBeyondTheConfiguredSkewIsRefusedWith422AndNothingOfItsRequestIsStored() throws Exception {
        Instant now = Instant.now();
        double before = rejected();

        HttpResponse<String> refused = post("[" + message(1, now) + "," + message(2, now.plus(Duration.ofHours(2))) + "]");

        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("ts", problem.get("field").asText());
        assertEquals(1, problem.get("index").asInt());
        assertTrue(problem.get("error").asText().endsWith("timestamp is more than 1h ahead of the server clock"),
                refused.body());
        HttpResponse<String> tooOld = post(message(3, Instant.parse("1969-07-20T20:17:40Z")));
        assertEquals(422, tooOld.statusCode(), tooOld.body());
        assertTrue(JSON.readTree(tooOld.body()).get("error").asText().endsWith("timestamp is before 1970-01-01T00:00:00Z"),
                tooOld.body());
        assertEquals(before + 2, rejected());

        assertEquals(200, post(message(4, now.plus(Duration.ofMinutes(30)))).statusCode(), "within the skew");
        until(() -> messages().size() == 1, WAIT, () -> "stored: " + messages());
        assertEquals(4L, messages().getFirst().fluxId(), "nothing of the refused requests");
    }

    private static String message(long fluxId, Instant at) {
        return "{\"fluxId\":" + fluxId + ",\"at\":\"" + at + "\",\"amount\":1}";
    }

    private double rejected() {
        MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
        return registry.counter("fluxtap_ingest_rejected", new Tag("signal", "messages"),
                new Tag("reason", "timestamp_out_of_range")).getCount();
    }

    private List<BusinessMessage> messages() {
        return server.sink().batches().stream().map(RecordBatch::messages).flatMap(List::stream).toList();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return server.post(null, "/api/v1/messages/fluxSpec/visa-v1", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
}
