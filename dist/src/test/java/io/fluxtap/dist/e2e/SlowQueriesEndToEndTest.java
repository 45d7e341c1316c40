package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #10 item 10: slow queries must not freeze the server. DuckDB's native calls and CPU-bound PromQL
 * evaluation used to run on Helidon's virtual threads and so held their carrier threads (one per core): two slow
 * SQL statements or two heavy PromQL queries left no carrier for health checks or ingest. Here two SQL console
 * statements and two CPU-heavy PromQL range queries run while readiness, P0 (messages API) and P1 (OTLP logs at
 * INFO) requests must keep answering promptly, and a statement that waits for its turn longer than the SQL time
 * limit is answered with the timeout when that limit is up.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowQueriesEndToEndTest {

    /** Runs until cancelled: 10^12 rows. */
    private static final String HEAVY_SQL = "SELECT count(*) FROM range(1000000) a, range(1000000) b";
    /** CPU only (no stored sample): 600,000 subquery steps for each of 361 range steps, ended by the engine's limit. */
    private static final String HEAVY_PROMQL = "count_over_time(vector(1)[10m:1ms])";
    private static final Duration LIMIT = Duration.ofSeconds(8);
    /** Generous for two shared cores (the goal is 100 ms); a frozen server takes the queries' whole limit. */
    private static final Duration HEALTH_BOUND = Duration.ofMillis(500);
    private static final Duration ACK_BOUND = Duration.ofSeconds(1);

    @ArquillianResource
    RunningFluxtap fluxtap;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static JavaArchive deployment() {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so these reach only this server.
        System.setProperty("fluxtap.sql.timeout", LIMIT.toSeconds() + "s");
        System.setProperty("fluxtap.sql.threads", "2");
        System.setProperty("fluxtap.promql.query-timeout", LIMIT.toSeconds() + "s");
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-slow-queries.jar");
    }

    @Test
    void healthAndIngestAnswerPromptlyWhileHeavyQueriesRun() {
        // Each endpoint once before the load, so what is measured is serving, not first-use class loading.
        assertEquals(200, timed(get(fluxtap.api("/health/ready"))).status());
        assertEquals(200, timed(postJson(fluxtap.api("/api/v1/messages/fluxSpec/visa-v1"), """
                {"card": {"bin": "411111"}, "currency": "EUR", "amount": 1}""")).status());
        assertEquals(200, timed(postProtobuf(URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), infoLog("warm-up"))).status());

        List<CompletableFuture<Timed>> heavy = new ArrayList<>();
        heavy.add(sql(HEAVY_SQL));
        heavy.add(sql(HEAVY_SQL));
        heavy.add(promqlRange(HEAVY_PROMQL));
        heavy.add(promqlRange(HEAVY_PROMQL));

        List<Long> healthMillis = new ArrayList<>();
        List<Long> p0Millis = new ArrayList<>();
        List<Long> p1Millis = new ArrayList<>();
        Instant until = Instant.now().plus(LIMIT.dividedBy(2));
        int round = 0;
        // Each round starts while all four queries still run (a frozen server makes the first round last their limit).
        while (Instant.now().isBefore(until) && heavy.stream().noneMatch(CompletableFuture::isDone)) {
            Timed health = timed(get(fluxtap.api("/health/ready")));
            assertEquals(200, health.status(), health.body());
            healthMillis.add(health.millis());
            Timed p0 = timed(postJson(fluxtap.api("/api/v1/messages/fluxSpec/visa-v1"), """
                    {"card": {"bin": "411111"}, "currency": "EUR", "amount": %d}""".formatted(round)));
            assertEquals(200, p0.status(), p0.body());
            p0Millis.add(p0.millis());
            Timed p1 = timed(postProtobuf(URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), infoLog("busy " + round)));
            assertEquals(200, p1.status(), p1.body());
            p1Millis.add(p1.millis());
            round++;
        }
        System.out.printf("slow queries: health %s ms, P0 %s ms, P1 %s ms%n", healthMillis, p0Millis, p1Millis);

        assertTrue(healthMillis.stream().allMatch(ms -> ms < HEALTH_BOUND.toMillis()),
                "/health/ready within " + HEALTH_BOUND.toMillis() + " ms while queries run: " + healthMillis);
        assertTrue(p0Millis.stream().allMatch(ms -> ms < ACK_BOUND.toMillis()), "P0 acks: " + p0Millis);
        assertTrue(p1Millis.stream().allMatch(ms -> ms < ACK_BOUND.toMillis()), "P1 acks: " + p1Millis);
        assertTrue(healthMillis.size() >= 3, "measured a few times while the queries ran: " + healthMillis);
        for (CompletableFuture<Timed> query : heavy) {
            Timed answer = query.join();
            assertTrue(answer.status() == 400 || answer.status() == 503, "the heavy query hit its limit: " + answer);
            assertTrue(answer.millis() >= LIMIT.toMillis() / 2, "and ran past the measurements: " + answer);
        }
    }

    @Test
    void aStatementQueuedPastItsLimitIsAnsweredWithTheTimeout() {
        // Two console threads: the third statement waits for one, longer than its limit.
        List<CompletableFuture<Timed>> statements = List.of(sql(HEAVY_SQL), sql(HEAVY_SQL), sql(HEAVY_SQL));
        long bound = LIMIT.plusSeconds(3).toMillis();
        for (CompletableFuture<Timed> statement : statements) {
            Timed answer = statement.join();
            assertEquals(400, answer.status(), answer.body());
            assertTrue(answer.body().contains("fluxtap.sql.timeout"), "the timeout answer: " + answer.body());
            assertTrue(answer.millis() < bound, "answered within the limit + 3 s (" + bound + " ms): " + answer);
        }
    }

    private record Timed(int status, String body, long millis) {
    }

    private CompletableFuture<Timed> sql(String statement) {
        return send(HttpRequest.newBuilder(fluxtap.api("/api/v1/sql")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(statement)));
    }

    private CompletableFuture<Timed> promqlRange(String query) {
        long end = Instant.now().getEpochSecond();
        return send(HttpRequest.newBuilder(fluxtap.api("/prometheus/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + (end - 3600) + "&end=" + end
                + "&step=10")).GET());
    }

    private CompletableFuture<Timed> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private CompletableFuture<Timed> postJson(URI uri, String json) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private CompletableFuture<Timed> postProtobuf(URI uri, byte[] body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private CompletableFuture<Timed> send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        return client.sendAsync(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Timed(r.statusCode(), r.body(), (System.nanoTime() - start) / 1_000_000));
    }

    private static Timed timed(CompletableFuture<Timed> request) {
        return request.join();
    }

    private static byte[] infoLog(String body) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("checkout"))))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setSeverityNumberValue(9)
                        .setBody(AnyValue.newBuilder().setStringValue(body))))).build().toByteArray();
    }
}
