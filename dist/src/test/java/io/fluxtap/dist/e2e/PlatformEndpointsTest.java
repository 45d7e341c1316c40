package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Health, metrics and trace-context behaviour of the running server. */
class PlatformEndpointsTest extends FluxtapEndToEnd {

    @Test
    void microprofileHealthIsUp() {
        for (String path : new String[] {"/health/live", "/health/ready", "/health"}) {
            HttpResponse<String> response = get(fluxtap.api(path));
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            assertEquals("UP", json(response).get("status").asText(), path);
        }
        JsonNode ready = json(get(fluxtap.api("/health/ready")));
        JsonNode fluxtapCheck = null;
        for (JsonNode check : ready.get("checks")) {
            if ("fluxtap".equals(check.get("name").asText())) {
                fluxtapCheck = check;
            }
        }
        assertTrue(fluxtapCheck != null, "readiness includes Fluxtap's own check: " + ready);
        assertEquals("healthy", fluxtapCheck.get("data").get("database").asText());
    }

    /** The start banner prints the API's root URL: it answers with an index, HTML for browsers, JSON on request. */
    @Test
    void rootOfTheApiPortIsAnIndex() {
        HttpResponse<String> html = get(fluxtap.api("/"), "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(200, html.statusCode(), html.body());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), html.headers().toString());
        String dashboard = fluxtap.dashboard("/").toString();
        for (String link : new String[] {"href=\"" + dashboard + "\"", "href=\"/health\"", "href=\"/metrics\"",
                "href=\"/api/v1/monitoring/health\"", "href=\"/prometheus/api/v1/status/buildinfo\"",
                "#log-filter-language"}) {
            assertTrue(html.body().contains(link), link + " in\n" + html.body());
        }
        for (String path : new String[] {"/health", "/metrics", "/api/v1/monitoring/health",
                "/prometheus/api/v1/status/buildinfo"}) {
            assertEquals(200, get(fluxtap.api(path)).statusCode(), path + " is linked, so it answers");
        }

        HttpResponse<String> plain = get(fluxtap.api("/"));
        assertEquals(200, plain.statusCode(), "no Accept header: still the index");

        HttpResponse<String> jsonIndex = get(fluxtap.api("/"), "Accept", "application/json");
        assertEquals(200, jsonIndex.statusCode(), jsonIndex.body());
        JsonNode index = json(jsonIndex);
        assertEquals(dashboard, index.get("dashboard").asText(), index.toString());
        assertEquals("/health", index.get("health").asText());
        assertEquals("/metrics", index.get("metrics").asText());
        assertEquals("/api/v1/monitoring/health", index.get("monitoring_health").asText());
        assertEquals("/prometheus/api/v1", index.get("prometheus_api").asText());
        assertTrue(index.get("docs").isObject(), index.toString());
    }

    @Test
    void monitoringHealthReportsEveryComponent() {
        HttpResponse<String> response = get(fluxtap.api("/api/v1/monitoring/health"));
        assertEquals(200, response.statusCode());
        JsonNode health = json(response);
        assertEquals("healthy", health.get("status").asText(), health.toString());
        for (String component : new String[] {"database", "ingestion", "storage"}) {
            JsonNode service = health.get("services").get(component);
            assertTrue(service != null, component + " missing from " + health);
            assertEquals("healthy", service.get("status").asText(), component);
        }
        assertTrue(health.get("services").get("database").get("latency_ms").isNumber(), health.toString());
    }

    @Test
    void monitoringMetricsGivesProcessAndJvmFigures() {
        JsonNode metrics = json(get(fluxtap.api("/api/v1/monitoring/metrics")));
        assertTrue(metrics.get("process").get("rss_bytes").asLong() > 10_000_000L, metrics.toString());
        assertTrue(metrics.get("jvm").get("heap_used_bytes").asLong() > 0);
        assertTrue(metrics.get("jvm").get("threads").asInt() > 0);
    }

    @Test
    void prometheusMetricsCarryIngestRingHttpAndJvmSeries() {
        // One good and one rejected request, so both counters exist with real values.
        URI logs = URI.create(fluxtap.otlpHttpBase() + "/v1/logs");
        String body = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":9,"body":{"stringValue":"counted"}}]}]}]}""";
        assertEquals(200, TestHttp.post(logs, "application/json", body.getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(415, TestHttp.post(logs, "text/csv", new byte[] {1}).statusCode());
        get(fluxtap.api("/api/v1/logs?limit=1"));

        String text = TestHttp.await(Duration.ofSeconds(10),
                () -> get(fluxtap.api("/metrics"), "Accept", "text/plain").body(),
                t -> t.contains("fluxtap_ingest_records_total"));
        assertTrue(text.matches("(?s).*fluxtap_ingest_records_total\\{[^}]*signal=\"logs\"[^}]*} [1-9].*"), text);
        assertTrue(text.matches("(?s).*fluxtap_ingest_rejected_total\\{[^}]*reason=\"unsupported_media_type\"[^}]*} [1-9].*"),
                "rejection counted");
        assertTrue(text.contains("fluxtap_ring_remaining_capacity"), "ring gauge");
        assertTrue(text.contains("REST_request"), "per-resource HTTP request metrics");
        assertTrue(text.contains("memory_usedHeap") || text.contains("jvm_memory"), "JVM metrics");
    }

    @Test
    void incomingTraceparentIsContinued() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> response = get(fluxtap.api("/api/v1/logs?limit=1"),
                "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
        assertEquals(200, response.statusCode());
        String traceResponse = response.headers().firstValue("traceresponse").orElseThrow(
                () -> new AssertionError("no traceresponse header: " + response.headers().map()));
        String[] parts = traceResponse.split("-");
        assertEquals(traceId, parts[1], "the server span belongs to the caller's trace");
        assertTrue(!"b7ad6b7169203331".equals(parts[2]), "the server made its own child span");
    }
}
