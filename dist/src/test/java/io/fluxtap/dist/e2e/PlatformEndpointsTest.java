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
        for (String family : new String[] {"process_resident_memory_bytes", "process_cpu_seconds_total",
                "process_open_fds", "process_start_time_seconds", "jvm_memory_used_bytes", "jvm_threads_current",
                "fluxtap_system_uptime_seconds", "fluxtap_http_requests_in_flight"}) {
            assertTrue(text.matches("(?s).*\\n" + family + "(\\{[^}]*})? [0-9.eE+-]+\\n.*"), family + " in\n" + text);
        }
        assertTrue(text.matches("(?s).*fluxtap_http_requests_total\\{method=\"GET\",path=\"/api/v1/logs\",status=\"200\"} [1-9].*"),
                "requests counted by route: " + text);
        assertTrue(text.contains("fluxtap_http_request_duration_seconds_bucket{method=\"GET\",path=\"/api/v1/logs\",le=\"0.001\"}")
                && text.contains("le=\"10.0\"}"), "latency histogram from 1 ms to 10 s");
    }

    /** The store's reads (through Jdbi) and writes (the Appender) are timed by operation and table. */
    @Test
    void databaseWorkIsTimedByOperationAndTable() {
        URI logs = URI.create(fluxtap.otlpHttpBase() + "/v1/logs");
        String service = "db-timed-" + java.util.UUID.randomUUID();
        String body = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"" + service + "\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"body\":"
                + "{\"stringValue\":\"timed\"}}]}]}]}";
        assertEquals(200, TestHttp.post(logs, "application/json", body.getBytes(StandardCharsets.UTF_8)).statusCode());
        TestHttp.await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?limit=5&entity_name=" + service))).get("logs"),
                l -> l.size() == 1);
        String text = get(fluxtap.api("/metrics"), "Accept", "text/plain").body();
        for (String labels : new String[] {"operation=\"select\",table=\"logs\"",
                "operation=\"append\",table=\"active_logs\"", "operation=\"commit\",table=\"other\""}) {
            assertTrue(text.matches("(?s).*\nfluxtap_db_query_duration_seconds_count\\{" + labels + "} [1-9][0-9]*\n.*"),
                    labels + " counted in\n" + text);
        }
        assertTrue(text.contains("fluxtap_db_query_duration_seconds_bucket{operation=\"select\",table=\"logs\","
                + "le=\"0.001\"}"), "buckets from 1 ms");
    }

    /** Ids in paths are not label values: a route is counted under its template. */
    @Test
    void requestMetricsNameTheRouteTemplateNotTheRawPath() {
        String id = java.util.UUID.randomUUID().toString();
        assertEquals(404, get(fluxtap.api("/alertmanager/api/v2/silence/" + id)).statusCode());
        assertEquals(404, get(fluxtap.api("/no/such/" + id)).statusCode());

        String text = get(fluxtap.api("/metrics")).body();
        assertTrue(text.contains("fluxtap_http_requests_total{method=\"GET\",path=\"/alertmanager/api/v2/silence/{id}\",status=\"404\"}"),
                text);
        assertTrue(text.contains("fluxtap_http_requests_total{method=\"GET\",path=\"unmatched\",status=\"404\"}"), text);
        assertTrue(!text.contains(id), "no raw id in any label");
    }

    /** What promtool lints in an exposition holds for Fluxtap's own, in both formats a scraper may ask for. */
    @Test
    void theExpositionPassesPromtoolAndSpeaksOpenMetricsWhenAsked() throws Exception {
        get(fluxtap.api("/api/v1/logs?limit=1"));
        HttpResponse<String> text = get(fluxtap.api("/metrics"), "Accept", "text/plain");
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                text.headers().map().toString());
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = promtool.getOutputStream()) {
            in.write(text.body().getBytes(StandardCharsets.UTF_8));
        }
        String lint = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), lint);
        assertEquals("", lint.strip(), "promtool found nothing to complain about");

        HttpResponse<String> open = get(fluxtap.api("/metrics"), "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                open.headers().map().toString());
        assertTrue(open.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(open.body().contains("# TYPE fluxtap_http_requests counter"), "OpenMetrics names the counter family");
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
