package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry is shed first: P2 is offered far more than the store can absorb while P0 traffic flows. No P0
 * record may be lost, and every P2 record must be accounted for: sent = stored + dropped, where the drops are
 * what the server reported (OTLP partial success) and counted ({@code fluxtap_lane_dropped_total}).
 */
class FloodIT {

    private static final Duration FLOOD = Duration.ofSeconds(8);
    private static final int FLOOD_BATCH = 400;
    private static final int FLOODERS = 3;

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> p0Acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong p2Sent = new AtomicLong();
    private final AtomicLong p2Dropped = new AtomicLong();
    private final AtomicLong p0Refused = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    @Test
    void p0LosesNothingWhileP2IsShedAndEveryP2RecordIsAccountedFor() throws Exception {
        Map<String, String> env = Map.of(
                "FLUXTAP_LANE_P0_SERVICES", "payments",
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                // Small store batches make the store, not HTTP, the bottleneck, so the flood must overflow P2.
                "FLUXTAP_INGEST_MAX_BATCH", "32",
                "FLUXTAP_INGEST_RING_SIZE", "1024",
                // The warehouse exports while the flood runs, so the counts must see the rows it moved to Parquet.
                "FLUXTAP_WAREHOUSE_EXPORT_INTERVAL", System.getProperty("fluxtap.it.export-interval", "1s"));
        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            Instant end = Instant.now().plus(FLOOD);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < FLOODERS; i++) {
                int flooder = i;
                threads.add(Thread.ofPlatform().start(() -> flood(server.otlpLogs(), flooder, end)));
            }
            threads.add(Thread.ofPlatform().start(() -> payments(server.otlpLogs(), end)));
            for (Thread thread : threads) {
                thread.join(FLOOD.plusSeconds(60));
            }
            assertEquals(0, p0Refused.get(), "P0 requests refused during the flood");
            assertTrue(p2Dropped.get() > 0, "the flood overflowed P2 (sent " + p2Sent.get() + ")");

            TestHttp.await(Duration.ofSeconds(60), () -> TestHttp.json(TestHttp.get(server.api("/api/v1/monitoring/health")))
                    .get("services").get("ingestion"), node -> node.get("ring_remaining").asLong() == node.get("ring_capacity").asLong()
                    && node.get("wal_backlog_records").asLong() == 0);
            String metrics = TestHttp.get(server.api("/metrics"), "Accept", "text/plain").body();
            assertEquals(p2Dropped.get(), counter(metrics, "fluxtap_lane_dropped_total", "P2"),
                    "drops counted on /metrics = drops reported to the senders");
            assertEquals(143, server.terminate());
        }

        // Counted through the logs view: the rows the warehouse exported are in Parquet files, not in active_logs.
        long p2Stored;
        Set<String> p0Stored = ConcurrentHashMap.newKeySet();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + workDir.resolve("data/fluxtap.duckdb"));
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM logs WHERE entity_name = 'flood'")) {
                rows.next();
                p2Stored = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT body FROM logs WHERE entity_name = 'payments'")) {
                while (rows.next()) {
                    assertTrue(p0Stored.add(rows.getString(1)), "P0 record stored twice: " + rows.getString(1));
                }
            }
        }
        System.out.printf("flood test: P2 sent %d, stored %d, dropped %d; P0 acknowledged %d, stored %d%n",
                p2Sent.get(), p2Stored, p2Dropped.get(), p0Acknowledged.size(), p0Stored.size());
        assertEquals(p2Sent.get(), p2Stored + p2Dropped.get(), "P2: sent = stored + dropped");
        assertEquals(p0Acknowledged, p0Stored, "every acknowledged P0 record stored, nothing else");
    }

    private void flood(URI logs, int flooder, Instant end) {
        long batch = 0;
        while (Instant.now().isBefore(end)) {
            List<String> bodies = new ArrayList<>(FLOOD_BATCH);
            for (int i = 0; i < FLOOD_BATCH; i++) {
                bodies.add("debug " + flooder + "-" + batch + "-" + i);
            }
            batch++;
            HttpResponse<byte[]> response = send(logs, request("flood", 5, bodies));
            assertEquals(200, response.statusCode(), "telemetry is shed, never refused");
            p2Sent.addAndGet(FLOOD_BATCH);
            try {
                p2Dropped.addAndGet(ExportLogsServiceResponse.parseFrom(response.body()).getPartialSuccess().getRejectedLogRecords());
            } catch (IOException e) {
                throw new AssertionError("not an ExportLogsServiceResponse", e);
            }
        }
    }

    private void payments(URI logs, Instant end) {
        long n = 0;
        while (Instant.now().isBefore(end)) {
            List<String> bodies = List.of("payment " + n++, "payment " + n++);
            HttpResponse<byte[]> response = send(logs, request("payments", 9, bodies));
            if (response.statusCode() == 200) {
                p0Acknowledged.addAll(bodies);
            } else {
                p0Refused.incrementAndGet();
            }
            FluxtapProcess.sleep(5);
        }
    }

    private HttpResponse<byte[]> send(URI logs, ExportLogsServiceRequest request) {
        try {
            return client.send(HttpRequest.newBuilder(logs).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Half the requests carry records of the previous hour (as a collector's retry after an outage sends them),
     * which the warehouse exports during the flood; the others are timed now.
     */
    private ExportLogsServiceRequest request(String service, int severity, List<String> bodies) {
        Instant ts = requests.getAndIncrement() % 2 == 0 ? Instant.now() : Instant.now().minus(Duration.ofHours(1));
        long nanos = ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (String body : bodies) {
            scope.addLogRecords(LogRecord.newBuilder().setSeverityNumberValue(severity).setTimeUnixNano(nanos)
                    .setBody(AnyValue.newBuilder().setStringValue(body)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(scope)).build();
    }

    private static long counter(String metrics, String name, String lane) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*lane=\"" + lane + "\"[^}]*} ([0-9.eE+]+)").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
