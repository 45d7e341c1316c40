package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tail sampling in the built distribution. Spans are P2 telemetry and the sampling buffer lives in memory: a
 * {@code kill -9} while spans are buffered loses the spans of traces not yet decided, and nothing of the traces
 * already decided and stored. A policy file that cannot be used stops start-up, naming the field.
 */
class TailSamplingDistributionIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void aKillLosesOnlyTheSpansOfUndecidedTraces() throws Exception {
        Path config = workDir.resolve("sampling.yml");
        // A trace is decided when its root span comes; one without its root waits an hour (past the kill).
        Files.writeString(config, """
                tail_sampling:
                  decision_wait: 1h
                  root_span_grace: 0s
                  policies:
                    - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                """);
        Map<String, String> env = Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_SAMPLING_CONFIG_FILE", config.toString());
        String decided = "5b8efff798038103d269b633813fc60c";
        String undecided = "4bf92f3577b34da6a3ce929d0e0e4736";
        Instant start = Instant.now().minusSeconds(5);
        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            URI traces = server.otlpLogs().resolve("/v1/traces");
            send(traces, span(decided, "1000000000000001", "1000000000000000", start, "STATUS_CODE_ERROR") + ","
                    + span(decided, "1000000000000000", null, start, "STATUS_CODE_ERROR") + ","
                    + span(undecided, "2000000000000001", "2000000000000000", start, "STATUS_CODE_ERROR"));
            TestHttp.await(WAIT, () -> spans(server, decided), n -> n == 2);
            TestHttp.await(WAIT, () -> TestHttp.get(server.api("/metrics")).body(), body -> body.lines()
                    .anyMatch(l -> l.startsWith("fluxtap_sampling_buffered_spans") && l.endsWith(" 1.0")));
            assertEquals(-1, spans(server, undecided), "the undecided trace is buffered, not stored");
            server.kill();
        }
        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            assertEquals(2, spans(server, decided), "the decided trace survived the kill whole");
            assertEquals(-1, spans(server, undecided), "the undecided span was lost with the process (P2)");
            assertEquals(143, server.terminate());
        }
    }

    @Test
    void aMalformedPolicyFileStopsStartUpNamingTheField() throws Exception {
        Path config = workDir.resolve("sampling.yml");
        Files.writeString(config, """
                tail_sampling:
                  policies:
                    - {name: slow, type: latency, latency: {threshold_ms: -5}}
                """);
        Map<String, String> env = Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_SAMPLING_CONFIG_FILE", config.toString());
        AssertionError refused = assertThrows(AssertionError.class, () -> FluxtapProcess.start(workDir, env).close());
        assertTrue(refused.getMessage().contains("policies[0].latency.threshold_ms: must not be negative"),
                refused.getMessage());
    }

    private static void send(URI traces, String spans) {
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                  "scopeSpans":[{"scope":{"name":"crash"},"spans":[%s]}]}]}""".formatted(spans);
        HttpResponse<String> response = TestHttp.post(traces, "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The stored span count, or -1 when the API knows no span of the trace. */
    private static int spans(FluxtapProcess server, String traceId) {
        HttpResponse<String> response = TestHttp.get(server.api("/api/v1/traces/" + traceId));
        return response.statusCode() == 404 ? -1 : TestHttp.json(response).get("spans").size();
    }

    private static String span(String traceId, String spanId, String parent, Instant start, String status) {
        long nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return """
                {"traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"op","kind":"SPAN_KIND_SERVER",
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d","status":{"code":"%s"}}"""
                .formatted(traceId, spanId, parent == null ? "" : parent, nanos, nanos + 3_000_000L, status);
    }
}
