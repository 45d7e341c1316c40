package io.fluxtap.storage.query;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module's beans in a real Helidon server: ingest through the RecordSink, read over HTTP. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/logs-resource-http-test")
class LogsResourceHttpTest extends ServerTest {

    @Inject
    Instance<HealthContributor> healthContributors;

    @Test
    void storedLogsComeBackOverHttpNewestFirst() throws Exception {
        // The data directory outlives a run, so this run's rows carry a service name of their own.
        String entity = "http-" + UUID.randomUUID();
        Instant ts = Instant.parse("2026-11-22T10:00:00.25Z");
        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, List.of(
                    new LogRecord(ts, ts, null, null, -2L, null, entity, null, Level.ERROR, 17, "older", Map.of("n", 1L), Map.of()),
                    new LogRecord(ts.plusSeconds(1), ts, null, null, null, null, entity, null, Level.INFO, 9, "newer", Map.of(), Map.of()))));
        }

        try (Response response = target.path("/api/v1/logs").queryParam("entity_name", entity)
                .queryParam("from", "2026-11-22T10:00:00.25+00:00").request().get()) {
            assertEquals(200, response.getStatus());
            assertTrue(response.getMediaType().toString().startsWith("application/json"), response.getMediaType().toString());
            JsonNode json = MAPPER.readTree(response.readEntity(String.class));
            assertEquals(2, json.get("count").asInt());
            assertEquals("newer", json.get("logs").get(0).get("body").asText());
            JsonNode older = json.get("logs").get(1);
            assertEquals("2026-11-22T10:00:00.250000Z", older.get("ts").asText());
            assertEquals("18446744073709551614", older.get("flux_id").asText());
            assertEquals(1, older.get("attributes").get("n").asInt());
        }
    }

    @Test
    void aBadParameterIs400WithAJsonReason() throws Exception {
        try (Response response = target.path("/api/v1/logs").queryParam("level", "loud").request().get()) {
            assertEquals(400, response.getStatus());
            JsonNode json = MAPPER.readTree(response.readEntity(String.class));
            assertTrue(json.get("error").asText().startsWith("unknown level 'loud'"), json.toString());
        }
    }

    @Test
    void theHealthContributorsAreBeans() {
        Set<String> components = healthContributors.stream().map(HealthContributor::component).collect(Collectors.toSet());
        assertTrue(components.containsAll(Set.of("database", "storage")), components.toString());
    }
}
