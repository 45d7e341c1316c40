package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md's promise, tested the hard way: a real server process takes P0 and P1 records from concurrent
 * clients and is killed with SIGKILL at a random moment, over and over; after the last restart every record
 * it ever acknowledged is stored exactly once and nothing is stored twice.
 */
class CrashRecoveryIT {

    private static final int ROUNDS = 20;
    private static final int RECORDS_PER_REQUEST = 10;
    /** Logs of this service are mission-critical (lane P0); other INFO logs take lane P1. */
    private static final String P0_SERVICE = "payments";

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    @Test
    void everyAcknowledgedRecordSurvivesRepeatedKillsExactlyOnce() throws Exception {
        long seed = Long.getLong("fluxtap.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> env = Map.of("FLUXTAP_LANE_P0_SERVICES", P0_SERVICE,
                "FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                // The warehouse exports while the clients send, so the count must see the rows it moved to Parquet.
                "FLUXTAP_WAREHOUSE_EXPORT_INTERVAL", System.getProperty("fluxtap.it.export-interval", "1s"));
        for (int round = 0; round < ROUNDS; round++) {
            try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = new ArrayList<>();
                for (String service : List.of(P0_SERVICE, "audit-trail", P0_SERVICE, "audit-trail")) {
                    clients.add(Thread.ofPlatform().start(() -> sendUntilStopped(server.otlpLogs(), service, stop)));
                }
                FluxtapProcess.sleep(200 + random.nextInt(1800));
                server.kill();
                stop.set(true);
                for (Thread clientThread : clients) {
                    clientThread.join(Duration.ofSeconds(30));
                }
            }
        }
        assertTrue(acknowledged.size() > ROUNDS * RECORDS_PER_REQUEST,
                "the clients got acknowledgements in most rounds (seed " + seed + "): " + acknowledged.size());

        String tornTail = corruptTheTailOfTheP1Log();

        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            JsonNode ingestion = TestHttp.await(Duration.ofSeconds(60),
                    () -> TestHttp.json(TestHttp.get(server.api("/api/v1/monitoring/health"))).get("services").get("ingestion"),
                    node -> node.get("wal_backlog_records").asLong() == 0);
            assertTrue(ingestion.path("wal_repaired_at_start").path("P1").asText().contains("torn"),
                    "the garbage tail (" + tornTail + ") was cut and reported: " + ingestion);
            assertEquals(143, server.terminate());
        }

        Map<String, Integer> stored = storedBodies(workDir.resolve("data/fluxtap.duckdb"));
        List<String> missing = acknowledged.stream().filter(body -> !stored.containsKey(body)).sorted().toList();
        List<String> duplicated = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        System.out.printf("crash test: %d rounds, seed %d, %d records acknowledged, %d rows stored, %d lost, %d duplicated%n",
                ROUNDS, seed, acknowledged.size(), stored.size(), missing.size(), duplicated.size());
        assertEquals(List.of(), missing, "acknowledged but lost (seed " + seed + ")");
        assertEquals(List.of(), duplicated, "stored twice (seed " + seed + ")");
    }

    private void sendUntilStopped(URI logs, String service, AtomicBoolean stop) {
        while (!stop.get()) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
                bodies.add(service + "-" + sequence.incrementAndGet());
            }
            try {
                if (TestHttp.acknowledged(client, logs, request(service, bodies).toByteArray())) {
                    acknowledged.addAll(bodies);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Every other request carries records of the previous hour (as a collector's retry after an outage sends them),
     * which the warehouse exports while the test runs; the others are timed now.
     */
    private ExportLogsServiceRequest request(String service, List<String> bodies) {
        Instant ts = sequence.get() / RECORDS_PER_REQUEST % 2 == 0 ? Instant.now() : Instant.now().minus(Duration.ofHours(1));
        long nanos = ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (String body : bodies) {
            scope.addLogRecords(LogRecord.newBuilder().setSeverityNumberValue(9).setTimeUnixNano(nanos)
                    .setBody(AnyValue.newBuilder().setStringValue(body)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(scope)).build();
    }

    /** Appends half a frame to the newest P1 segment, as a crash in the middle of a write leaves it. */
    private String corruptTheTailOfTheP1Log() throws IOException {
        Path newest;
        try (Stream<Path> segments = Files.list(workDir.resolve("data/wal/P1"))) {
            newest = segments.filter(p -> p.toString().endsWith(".wal")).max(Path::compareTo).orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 42, 42, 42}));
        }
        return newest.getFileName().toString();
    }

    /** Through the {@code logs} view: the rows the warehouse exported are in Parquet files, not in active_logs. */
    private static Map<String, Integer> storedBodies(Path database) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT body, count(*) FROM logs GROUP BY body")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }
}
