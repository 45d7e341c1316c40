package io.fluxtap.storage.query;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module's beans in a real Helidon server: samples stored through the RecordSink, read over HTTP. */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/metrics-resource-http-test")
class MetricsResourceHttpTest extends ServerTest {

    @Test
    void storedSamplesComeBackOverHttpWithNonFiniteValuesAsText() throws Exception {
        // The data directory outlives a run, so this run's samples carry a metric name of their own.
        String name = "latency_" + UUID.randomUUID().toString().replace('-', '_');
        Instant ts = Instant.parse("2026-11-22T10:00:00.25Z");
        Exemplar exemplar = new Exemplar(ts, 0.3, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                Map.of("user", "u-1"));
        List<MetricSample> samples = List.of(
                sample(name + "_bucket", Map.of("le", "0.5", "job", "api"), 3, ts, List.of(exemplar)),
                sample(name + "_bucket", Map.of("le", "+Inf", "job", "api"), Double.POSITIVE_INFINITY, ts.plusSeconds(1),
                        List.of()),
                sample(name + "_bucket", Map.of("le", "+Inf", "job", "api"),
                        Double.longBitsToDouble(0x7ff0000000000002L), ts.plusSeconds(2), List.of()));
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), samples, RecordBatch.NO_WAL));
        }

        try (Response response = target.path("/api/v1/metrics/samples").queryParam("name", name + "_bucket")
                .queryParam("to", "2026-11-22T10:00:02.25Z").request().get()) {
            assertEquals(200, response.getStatus());
            assertTrue(response.getMediaType().toString().startsWith("application/json"));
            JsonNode json = MAPPER.readTree(response.readEntity(String.class));
            assertEquals(2, json.get("count").asInt(), "the stale sample is at 'to', which is exclusive");
            JsonNode inf = json.get("samples").get(0);
            assertEquals("+Inf", inf.get("value").asText());
            assertFalse(inf.get("stale").asBoolean());
            JsonNode bucket = json.get("samples").get(1);
            assertEquals(name + "_bucket", bucket.get("name").asText());
            assertEquals(Map.of("le", "0.5", "job", "api"), MAPPER.convertValue(bucket.get("labels"), Map.class));
            assertEquals("2026-11-22T10:00:00.250000Z", bucket.get("ts").asText());
            assertEquals(3.0, bucket.get("value").asDouble());
            assertTrue(bucket.get("value").isNumber());
            assertEquals("histogram", bucket.get("type").asText());
            assertEquals("s", bucket.get("unit").asText());
            assertEquals("checkout", bucket.get("entity_name").asText());
            assertEquals("18446744073709551615", bucket.get("flux_id").asText());
            JsonNode storedExemplar = bucket.get("exemplars").get(0);
            assertEquals(0.3, storedExemplar.get("value").asDouble());
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", storedExemplar.get("trace_id").asText());
            assertEquals("00f067aa0ba902b7", storedExemplar.get("span_id").asText());
            assertEquals("u-1", storedExemplar.get("labels").get("user").asText());
        }

        try (Response response = target.path("/api/v1/metrics/samples").queryParam("name", name + "_bucket")
                .queryParam("limit", "1").request().get()) {
            JsonNode newest = MAPPER.readTree(response.readEntity(String.class)).get("samples").get(0);
            assertEquals("NaN", newest.get("value").asText());
            assertTrue(newest.get("stale").asBoolean());
        }
    }

    @Test
    void badParametersAre400WithAJsonReason() throws Exception {
        for (Map.Entry<String, String> bad : Map.of("limit", "lots", "from", "yesterday").entrySet()) {
            try (Response response = target.path("/api/v1/metrics/samples").queryParam(bad.getKey(), bad.getValue())
                    .request().get()) {
                assertEquals(400, response.getStatus());
                JsonNode json = MAPPER.readTree(response.readEntity(String.class));
                assertTrue(json.get("error").asText().startsWith(bad.getKey()), json.toString());
            }
        }
        try (Response response = target.path("/api/v1/metrics/samples").queryParam("limit", "0").request().get()) {
            assertEquals(400, response.getStatus());
        }
    }

    private static MetricSample sample(String name, Map<String, String> labels, double value, Instant ts,
                                       List<Exemplar> exemplars) {
        return new MetricSample(ts, name, labels, value, MetricType.HISTOGRAM, "s", null, -1L, "host-1", "checkout",
                "io.fluxtap.test", exemplars);
    }
}
