package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse's promise, tested with a real server process: logs of closed hours are acknowledged, the exporter
 * (every 100 ms, compacting every partition with two files) moves them to Parquet, and the process is killed with
 * SIGKILL at a random moment, round after round, while exports, late files and compactions are under way. After a
 * clean last run every acknowledged record is in the {@code logs} view exactly once, most of them from Parquet
 * files, and the files on disk are exactly the ones the manifest lists.
 */
class WarehouseCrashIT {

    private static final int ROUNDS = 3;
    private static final int RECORDS_PER_REQUEST = 50;

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private long sequence;
    private int cleanups;

    @Test
    void everyAcknowledgedRecordIsInTheViewsExactlyOnceAfterKillsDuringExports() throws Exception {
        long seed = Long.getLong("fluxtap.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path data = workDir.resolve("data");
        Map<String, String> env = Map.of("FLUXTAP_DATA_DIR", data.toString(),
                "FLUXTAP_WAREHOUSE_EXPORT_INTERVAL", "100ms",
                "FLUXTAP_WAREHOUSE_COMPACT_MIN_FILES", "2");
        Instant currentHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (int round = 0; round < ROUNDS; round++) {
            try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
                long until = System.nanoTime() + Duration.ofMillis(300 + random.nextInt(1500)).toNanos();
                while (System.nanoTime() < until) {
                    // Closed hours one to three hours back, each round again: late files for exported partitions.
                    send(server.otlpLogs(), currentHour.minus(1 + random.nextInt(3), ChronoUnit.HOURS)
                            .plusSeconds(random.nextInt(3600)));
                }
                server.kill();
                cleanups += (int) server.lines().stream().filter(l -> l.contains("leftover file")).count();
            }
        }
        assertTrue(acknowledged.size() >= ROUNDS * RECORDS_PER_REQUEST, "records were acknowledged (seed " + seed + ")");

        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            TestHttp.await(Duration.ofSeconds(60),
                    () -> TestHttp.json(TestHttp.get(server.api("/api/v1/monitoring/health"))).get("services"),
                    services -> services.get("ingestion").get("wal_backlog_records").asLong() == 0
                            && services.get("warehouse").has("last_export"));
            // One more export interval after the backlog drained, so the replayed rows are exported too.
            String metrics = TestHttp.await(Duration.ofSeconds(30),
                    () -> TestHttp.get(server.api("/metrics"), "Accept", "text/plain").body(),
                    text -> text.contains("fluxtap_storage_files{"));
            assertTrue(metrics.matches("(?s).*fluxtap_storage_bytes\\{[^}]*tier=\"cold\"[^}]*} [1-9].*"), metrics);
            assertEquals(143, server.terminate());
            cleanups += (int) server.lines().stream().filter(l -> l.contains("leftover file")).count();
        }

        Map<String, Integer> stored = new HashMap<>();
        long cold;
        Set<String> listed = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("fluxtap.duckdb"));
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT body, count(*) FROM logs GROUP BY body")) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getInt(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM logs") ) {
                rows.next();
                cold = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM active_logs")) {
                rows.next();
                cold -= rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT path FROM warehouse_files")) {
                while (rows.next()) {
                    listed.add(rows.getString(1));
                }
            }
        }
        List<String> missing = acknowledged.stream().filter(body -> !stored.containsKey(body)).sorted().toList();
        List<String> duplicated = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        System.out.printf("warehouse crash test: %d rounds, seed %d, %d acknowledged, %d stored, %d from Parquet, "
                        + "%d files, %d start-ups that removed leftovers of a killed export, %d lost, %d duplicated%n",
                ROUNDS, seed, acknowledged.size(), stored.size(), cold, listed.size(), cleanups, missing.size(),
                duplicated.size());
        assertEquals(List.of(), missing, "acknowledged but lost (seed " + seed + ")");
        assertEquals(List.of(), duplicated, "stored twice (seed " + seed + ")");
        assertTrue(cold > acknowledged.size() / 2, "most records were read from Parquet files: " + cold);
        assertEquals(listed, filesOnDisk(data), "exactly the listed files are on disk (seed " + seed + ")");
    }

    private void send(URI logs, Instant ts) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
            bodies.add("record-" + (++sequence));
        }
        try {
            if (TestHttp.acknowledged(client, logs, request(bodies, ts).toByteArray())) {
                acknowledged.addAll(bodies);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** INFO logs take lane P1: acknowledged after the WAL's group commit, so none may be lost. */
    private static ExportLogsServiceRequest request(List<String> bodies, Instant ts) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        long nanos = ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
        for (int i = 0; i < bodies.size(); i++) {
            scope.addLogRecords(LogRecord.newBuilder().setSeverityNumberValue(9).setTimeUnixNano(nanos + i * 1000L)
                    .setBody(AnyValue.newBuilder().setStringValue(bodies.get(i))));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(bodies.size() % 2 == 0 ? "api" : "web"))))
                .addScopeLogs(scope)).build();
    }

    private static Set<String> filesOnDisk(Path data) throws IOException {
        Set<String> files = new TreeSet<>();
        for (String root : List.of("telemetry", "messages")) {
            Path dir = data.resolve(root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(f -> files.add(data.relativize(f).toString()));
                }
            }
        }
        return files;
    }
}
