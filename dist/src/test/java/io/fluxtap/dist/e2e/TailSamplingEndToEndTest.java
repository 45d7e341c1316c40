package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tail sampling in the whole server: spans sent over OTLP/HTTP wait in the sampling stage, the failed trace reaches
 * the store whole (and a late span after it), the fine one never does, and the decisions show on /metrics.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TailSamplingEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Path file;

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        try {
            file = Files.createTempFile("fluxtap-sampling", ".yml");
            // Decided once the root span came (no grace) or 1 s after the last span: the ticker runs every second.
            Files.writeString(file, """
                    tail_sampling:
                      decision_wait: 1s
                      root_span_grace: 0s
                      policies:
                        - {name: e2e-errors, type: status_code, status_code: {status_codes: [ERROR]}}
                    """);
            file.toFile().deleteOnExit();
            // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
            System.setProperty("fluxtap.sampling.config-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-tail-sampling.jar");
    }

    @Test
    @Order(1)
    void theFailedTraceIsStoredWholeAndTheFineOneNotAtAll() {
        String failed = randomHex(16);
        String fine = randomHex(16);
        Instant start = Instant.now().minusSeconds(5);
        // Children first, the root last, as exporters send spans when they end; both traces in one request.
        send(span(failed, "1000000000000001", "1000000000000000", "charge", start, 2, "STATUS_CODE_ERROR")
                + "," + span(fine, "2000000000000001", "2000000000000000", "charge", start, 2, "STATUS_CODE_UNSET"));
        send(span(failed, "1000000000000000", null, "POST /checkout", start, 10, "STATUS_CODE_ERROR")
                + "," + span(fine, "2000000000000000", null, "POST /checkout", start, 10, "STATUS_CODE_OK"));

        assertEquals(2, awaitSpans(failed, 2).size());
        String metrics = await(WAIT, () -> get(fluxtap.api("/metrics")).body(),
                body -> body.lines().anyMatch(l -> l.startsWith("fluxtap_sampling_traces_total{")
                        && l.contains("policy=\"e2e-errors\"") && l.contains("decision=\"not_sampled\"")));
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("fluxtap_sampling_traces_total{")
                && l.contains("policy=\"e2e-errors\"") && l.contains("decision=\"sampled\"")), metrics);
        assertEquals(404, get(fluxtap.api("/api/v1/traces/" + fine)).statusCode(), "the fine trace was dropped");

        // A late span follows its trace's decision: stored for the kept trace, dropped for the other.
        send(span(failed, "1000000000000002", "1000000000000000", "send receipt", start, 1, "STATUS_CODE_UNSET")
                + "," + span(fine, "2000000000000002", "2000000000000000", "send receipt", start, 1, "STATUS_CODE_ERROR"));
        assertEquals(3, awaitSpans(failed, 3).size());
        await(WAIT, () -> get(fluxtap.api("/metrics")).body(), body -> body.lines()
                .anyMatch(l -> l.startsWith("fluxtap_sampling_late_spans_total{") && l.contains("not_sampled")));
        assertEquals(404, get(fluxtap.api("/api/v1/traces/" + fine)).statusCode(), "its late span was dropped too");
    }

    @Test
    @Order(2)
    void aReloadReadsThePoliciesAgainAndABadFileKeepsTheRunningOnes() throws IOException {
        Files.writeString(file, "tail_sampling:\n  policies: [{name: x, type: no_such_type}]\n");
        HttpResponse<String> refused = TestHttp.post(fluxtap.api("/-/reload"), null, new byte[0]);
        assertEquals(500, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains(file.getFileName().toString()), refused.body());
        String dropped = randomHex(16);
        Instant start = Instant.now().minusSeconds(5);
        send(span(dropped, "3000000000000000", null, "GET /", start, 3, "STATUS_CODE_OK"));

        // No policies: sampling off, every span stored at once; the fine trace sent under the old policies is not.
        Files.writeString(file, "# sampling off\n");
        HttpResponse<String> reloaded = TestHttp.post(fluxtap.api("/-/reload"), null, new byte[0]);
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        String kept = randomHex(16);
        send(span(kept, "4000000000000000", null, "GET /", start, 3, "STATUS_CODE_OK"));
        assertEquals(1, awaitSpans(kept, 1).size());
        assertEquals(404, get(fluxtap.api("/api/v1/traces/" + dropped)).statusCode(),
                "decided by the policies it arrived under: not an error, dropped");
    }

    private void send(String spans) {
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                  "scopeSpans":[{"scope":{"name":"e2e"},"spans":[%s]}]}]}""".formatted(spans);
        HttpResponse<String> response = TestHttp.post(URI.create(fluxtap.otlpHttpBase() + "/v1/traces"),
                "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
    }

    private static String span(String traceId, String spanId, String parent, String name, Instant start, long ms,
                               String status) {
        long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return """
                {"traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"%s","kind":"SPAN_KIND_SERVER",
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d","status":{"code":"%s"}}"""
                .formatted(traceId, spanId, parent == null ? "" : parent, name, startNanos,
                        startNanos + ms * 1_000_000L, status);
    }

    private com.fasterxml.jackson.databind.JsonNode awaitSpans(String traceId, int count) {
        return await(WAIT, () -> {
            HttpResponse<String> response = get(fluxtap.api("/api/v1/traces/" + traceId));
            return response.statusCode() == 200 ? json(response).get("spans") : null;
        }, spans -> spans != null && spans.size() == count);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
