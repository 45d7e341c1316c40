package io.fluxtap.ingestion;

import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.testing.CdiTestServer;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestServerConfig;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord.Builder;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.CompletableFuture;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the real Helidon MP container with this module's beans (only the store is a test double), the way
 * {@code dist} runs it: OTLP on its own named socket, lanes started with the application and drained when
 * it stops.
 */
class OtlpReceiverCdiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final CdiTestServer server = CdiTestServer.perTest(Map.of("fluxtap.ingest.drain-timeout-ms", "15000"));

    @Test
    void servesOtlpOnItsOwnSocketWithMetricsAndHealth() throws Exception {
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("fluxtap-lane-P1")),
                "the lane consumer starts with the application, not with the first request");

        HttpResponse<String> accepted = post(port("otlp"), request("over the otlp socket"));
        assertEquals(200, accepted.statusCode());
        server.sink().awaitRecords(1, WAIT);
        assertEquals("over the otlp socket", server.sink().records().getFirst().body());

        assertEquals(404, post(port(null), request("main port")).statusCode(), "OTLP is not served on the main port");

        HttpResponse<String> metrics = server.send(HttpRequest.newBuilder(server.uri(null, "/metrics?scope=application"))
                .header("Accept", "text/plain"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("fluxtap_ingest_records_total{")
                && line.contains("lane=\"P1\"") && line.contains("signal=\"logs\"")), metrics.body());
        assertTrue(metrics.body().contains("fluxtap_ring_remaining_capacity{"), metrics.body());

        HealthContributor health = server.container().select(HealthContributor.class).stream()
                .filter(contributor -> contributor.component().equals("ingestion"))
                .findFirst().orElseThrow();
        until(() -> health.check().details().get("records_stored").equals(1L), WAIT, () -> "" + health.check());
        assertEquals(HealthStatus.HEALTHY, health.check().status());
    }

    @Test
    void drainsTheLaneBeforeTheContainerGoesAway() throws Exception {
        LaneRouter lanes = server.container().select(LaneRouter.class).get();
        server.sink().block();
        assertEquals(200, post(port("otlp"), request("a", "b", "c")).statusCode());
        until(() -> server.sink().blockedWriters() == 1, WAIT, () -> "the consumer should be stuck in write");
        // Queued behind the stuck write: stored only if shutdown waits for the ring to empty.
        assertEquals(200, post(port("otlp"), request("d", "e")).statusCode());

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server.container()::close);
        until(() -> lanes.snapshots().getFirst().closed(), WAIT, () -> "shutdown should close the lane");
        assertFalse(closing.isDone(), "shutdown waits while the store holds the lane up");

        server.sink().unblock();
        closing.get();
        assertEquals(List.of("a", "b", "c", "d", "e"), server.sink().records().stream().map(LogRecord::body).toList());
        assertEquals(1, server.sink().closedWriters(), "the writer is closed after the drain");
    }

    private int port(String socket) {
        return server.port(socket);
    }

    private HttpResponse<String> post(int port, ExportLogsServiceRequest body) throws IOException, InterruptedException {
        return server.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/logs"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static ExportLogsServiceRequest request(String... bodies) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (String body : bodies) {
            Builder record = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                    .setBody(AnyValue.newBuilder().setStringValue(body));
            scope.addLogRecords(record);
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope)).build();
    }
}
