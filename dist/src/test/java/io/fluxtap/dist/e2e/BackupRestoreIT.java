package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17's backup: a real server takes logs (P0 and P1), business messages (P0), spans and metrics (P2) from
 * concurrent clients while {@code bin/fluxtap backup} runs against it; {@code bin/fluxtap restore} puts the backup into
 * a fresh directory and a second server starts on it. Every record acknowledged before the backup started is there,
 * and nothing is there that the source never stored. A second backup, taken once ingest has stopped, is restored too
 * and every row of every table and view equals the source's.
 */
class BackupRestoreIT {

    private static final String P0_SERVICE = "payments";

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> ackedLogs = ConcurrentHashMap.newKeySet();
    private final Set<String> ackedMessages = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    @Test
    void anOnlineBackupRestoresEveryAcknowledgedRecordAndAQuietOneEveryRow() throws Exception {
        Path source = Files.createDirectories(workDir.resolve("source"));
        Map<String, String> env = Map.of("FLUXTAP_LANE_P0_SERVICES", P0_SERVICE,
                // Exports run while the clients send (half the logs are an hour old), so the backup holds Parquet files.
                "FLUXTAP_WAREHOUSE_EXPORT_INTERVAL", "1s",
                // No self-scrape: its samples would differ between the source and a restored server by design.
                "FLUXTAP_SCRAPE_CONFIG_FILE", workDir.resolve("no-scrape-config.yml").toString(),
                // Nor the shipped recording rules: a restored server writes their samples at its own times.
                "FLUXTAP_ALERTING_RULE_FILES", workDir.resolve("no-rules/*.yml").toString());
        Path online = workDir.resolve("backups/online");
        Path quiet;
        Set<String> logsBefore;
        Set<String> messagesBefore;
        // The WAL part of the backup must matter: the server is killed under load until its WAL holds acknowledged
        // records that are not stored, and restarted with the replay at one record a second, so they stay only in
        // the WAL while the backup runs (and so do the records acknowledged meanwhile, queued behind them).
        Map<String, String> slowReplay = new HashMap<>(env);
        slowReplay.put("FLUXTAP_WAL_REPLAY_MAX_RECORDS_PER_SECOND", "1");
        long backlog = 0;
        for (int round = 0; backlog == 0; round++) {
            assertTrue(round < 10, "no kill left acknowledged records in the WAL in 10 rounds");
            try (FluxtapProcess first = FluxtapProcess.start(source, env)) {
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = startClients(first, stop);
                long target = ackedLogs.size() + ackedMessages.size() + 1_000;
                TestHttp.await(Duration.ofSeconds(60), () -> ackedLogs.size() + ackedMessages.size(), n -> n > target);
                first.kill();
                stop.set(true);
                for (Thread thread : clients) {
                    thread.join(Duration.ofSeconds(30));
                }
            }
            try (FluxtapProcess slow = FluxtapProcess.start(source, slowReplay)) {
                backlog = walBacklog(slow);
                assertEquals(143, slow.terminate());
            }
        }
        try (FluxtapProcess server = FluxtapProcess.start(source, slowReplay)) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = startClients(server, stop);
            long target = ackedLogs.size() + ackedMessages.size() + 500;
            TestHttp.await(Duration.ofSeconds(60), () -> ackedLogs.size() + ackedMessages.size(), n -> n > target);
            logsBefore = Set.copyOf(ackedLogs);
            messagesBefore = Set.copyOf(ackedMessages);
            long unstored = walBacklog(server);
            assertTrue(unstored > 0, "acknowledged records wait in the WAL as the backup starts");
            Map<String, String> port = Map.of("FLUXTAP_HTTP_PORT", String.valueOf(server.api("/").getPort()));
            String made = cli(source, port, "backup", online.toString());
            assertTrue(made.contains("backup written to " + online), made);
            long ackedDuring = ackedLogs.size() + ackedMessages.size() - logsBefore.size() - messagesBefore.size();
            stop.set(true);
            for (Thread thread : clients) {
                thread.join(Duration.ofSeconds(30));
            }
            assertTrue(ackedDuring > 0, "the clients went on sending while the backup ran");
            System.out.printf("backup test: %d acknowledged records only in the WAL when the online backup started%n",
                    unstored);
            assertEquals(143, server.terminate());
        }
        try (FluxtapProcess server = FluxtapProcess.start(source, env)) {
            Map<String, String> port = Map.of("FLUXTAP_HTTP_PORT", String.valueOf(server.api("/").getPort()));
            awaitWalApplied(server);
            // The quiet backup is the README's example, as pasted but for the backups' place.
            String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
            String output = shell(source, port, DistributionIT.block(readme, "backup")
                    .replace("/var/backups/fluxtap", workDir.resolve("backups").toString()));
            Matcher written = Pattern.compile("backup written to (\\S+): \\d+ files").matcher(output);
            assertTrue(written.find(), output);
            quiet = Path.of(written.group(1));
            assertTrue(output.contains("backup.json"), "ls shows the manifest:\n" + output);
            assertEquals(143, server.terminate());
        }
        assertTrue(Files.list(online.resolve("data/telemetry/logs")).findAny().isPresent(),
                "the online backup holds warehouse files");
        assertTrue(Files.isRegularFile(online.resolve("conf/fluxtap.properties")), "the configuration is in it");

        Path restoredOnline = restoreAndRun(online, env);
        Path restoredQuiet = readmeRestoreAndRun(quiet, env);

        Path sourceDb = source.resolve("data/fluxtap.duckdb");
        Map<String, List<String>> sourceRows = everyRow(sourceDb);
        Map<String, List<String>> onlineRows = everyRow(restoredOnline.resolve("fluxtap.duckdb"));
        for (String view : List.of("logs", "spans", "metrics", "messages")) {
            List<String> extra = minus(onlineRows.get(view), sourceRows.get(view));
            assertEquals(List.of(), extra.stream().limit(5).toList(), view + " rows the source never stored");
        }
        Set<String> restoredBodies = column(restoredOnline.resolve("fluxtap.duckdb"), "SELECT body FROM logs");
        List<String> lostLogs = logsBefore.stream().filter(b -> !restoredBodies.contains(b)).sorted().toList();
        assertEquals(List.of(), lostLogs.stream().limit(5).toList(), lostLogs.size() + " logs acknowledged before the "
                + "backup are not in it");
        Set<String> restoredFluxIds = column(restoredOnline.resolve("fluxtap.duckdb"),
                "SELECT CAST(flux_id AS VARCHAR) FROM messages");
        List<String> lostMessages = messagesBefore.stream().filter(id -> !restoredFluxIds.contains(id)).toList();
        assertEquals(List.of(), lostMessages.stream().limit(5).toList(), lostMessages.size() + " messages acknowledged "
                + "before the backup are not in it");

        Map<String, List<String>> quietRows = everyRow(restoredQuiet.resolve("fluxtap.duckdb"));
        assertEquals(new TreeSet<>(sourceRows.keySet()), new TreeSet<>(quietRows.keySet()), "the same tables and views");
        for (String table : sourceRows.keySet()) {
            assertEquals(List.of(), minus(sourceRows.get(table), quietRows.get(table)).stream().limit(5).toList(),
                    table + ": source rows missing after the restore");
            assertEquals(List.of(), minus(quietRows.get(table), sourceRows.get(table)).stream().limit(5).toList(),
                    table + ": restored rows the source does not have");
        }
        System.out.printf("backup test: %d logs and %d messages acknowledged before the online backup; rows per table %s%n",
                logsBefore.size(), messagesBefore.size(), counts(quietRows));
    }

    /** Restores into a fresh directory with the CLI, starts a server there until its WAL is replayed, stops it. */
    private Path restoreAndRun(Path backup, Map<String, String> env) throws Exception {
        Path home = Files.createDirectories(workDir.resolve("restored-" + backup.getFileName()));
        String restored = cli(home, Map.of(), "restore", backup.toString());
        assertTrue(restored.contains("into " + home.resolve("data")), restored);
        String again = cliExpectingFailure(home, Map.of(), "restore", backup.toString());
        assertTrue(again.contains("is not empty; pass --force"), again);
        try (FluxtapProcess server = FluxtapProcess.start(home, env)) {
            awaitWalApplied(server);
            assertEquals(143, server.terminate());
        }
        return home.resolve("data");
    }

    /** The README's restore example: a restore into the fresh directory, then one over it with --force. */
    private Path readmeRestoreAndRun(Path backup, Map<String, String> env) throws Exception {
        Path home = Files.createDirectories(workDir.resolve("restored-readme"));
        String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        String output = shell(home, Map.of(), "backup=" + backup + "\n" + DistributionIT.block(readme, "restore"));
        assertEquals(2, output.lines().filter(l -> l.startsWith("restored ") && l.endsWith(" into "
                + home.resolve("data"))).count(), output);
        try (FluxtapProcess server = FluxtapProcess.start(home, env)) {
            awaitWalApplied(server);
            assertEquals(143, server.terminate());
        }
        return home.resolve("data");
    }

    private static String shell(Path dir, Map<String, String> env, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-ec",
                script.replace("bin/fluxtap", FluxtapProcess.distribution().resolve("bin/fluxtap").toString()))
                .directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, run.exitValue(), script + "\n" + output);
        return output;
    }

    private List<Thread> startClients(FluxtapProcess server, AtomicBoolean stop) {
        return List.of(
                Thread.ofPlatform().start(() -> sendLogs(server, P0_SERVICE, stop)),
                Thread.ofPlatform().start(() -> sendLogs(server, "audit-trail", stop)),
                Thread.ofPlatform().start(() -> sendMessages(server, stop)),
                Thread.ofPlatform().start(() -> sendTelemetry(server, stop)));
    }

    private static long walBacklog(FluxtapProcess server) {
        return TestHttp.json(TestHttp.get(server.api("/api/v1/monitoring/health"))).get("services").get("ingestion")
                .get("wal_backlog_records").asLong();
    }

    private static void awaitWalApplied(FluxtapProcess server) {
        TestHttp.await(Duration.ofSeconds(60), () -> TestHttp.json(TestHttp.get(server.api("/api/v1/monitoring/health")))
                .get("services").get("ingestion"), node -> node.get("wal_backlog_records").asLong() == 0);
    }

    private static String cli(Path dir, Map<String, String> env, String... args) throws Exception {
        Process run = launch(dir, env, args);
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, run.exitValue(), String.join(" ", args) + ":\n" + output);
        return output;
    }

    private static String cliExpectingFailure(Path dir, Map<String, String> env, String... args) throws Exception {
        Process run = launch(dir, env, args);
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(1, run.exitValue(), output);
        return output;
    }

    private static Process launch(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(FluxtapProcess.distribution().resolve("bin/fluxtap").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Map<String, Integer> counts(Map<String, List<String>> rows) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        rows.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }

    /** Every row of every table and view but the ones the views cover, as text, per name. */
    private static Map<String, List<String>> everyRow(Path database) throws Exception {
        Map<String, List<String>> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT table_name FROM duckdb_tables() WHERE NOT internal"
                    + " UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                // The active tables and the manifest are what the views read: where a row lies (hot or exported,
                // which file after a compaction) may differ between two servers, the views' rows may not.
                if (name.startsWith("active_") || name.equals("warehouse_files")) {
                    continue;
                }
                List<String> table = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + name + "\"")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append('|');
                        }
                        table.add(row.toString());
                    }
                }
                rows.put(name, table);
            }
        }
        return rows;
    }

    private static Set<String> column(Path database, String sql) throws Exception {
        Set<String> values = new java.util.HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The multiset difference a - b. */
    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> left = new HashMap<>();
        b.forEach(row -> left.merge(row, 1, Integer::sum));
        List<String> extra = new ArrayList<>();
        for (String row : a) {
            Integer n = left.get(row);
            if (n == null || n == 0) {
                extra.add(row);
            } else {
                left.put(row, n - 1);
            }
        }
        return extra;
    }

    private void sendLogs(FluxtapProcess server, String service, AtomicBoolean stop) {
        while (!stop.get()) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                bodies.add(service + "-" + sequence.incrementAndGet());
            }
            Instant ts = sequence.get() / 10 % 2 == 0 ? Instant.now() : Instant.now().minus(Duration.ofHours(1));
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            for (String body : bodies) {
                scope.addLogRecords(LogRecord.newBuilder().setSeverityNumberValue(9).setTimeUnixNano(nanos(ts))
                        .setBody(AnyValue.newBuilder().setStringValue(body)));
            }
            byte[] request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(resource(service)).addScopeLogs(scope)).build().toByteArray();
            try {
                if (TestHttp.acknowledged(client, server.otlpLogs().resolve("/v1/logs"), request)) {
                    ackedLogs.addAll(bodies);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sendMessages(FluxtapProcess server, AtomicBoolean stop) {
        URI wire = server.api("/api/v1/messages/fluxSpec/visa-v1");
        while (!stop.get()) {
            String body = "[{\"card\": {\"bin\": \"411111\"}, \"currency\": \"EUR\", \"amount\": " + sequence.incrementAndGet()
                    + "}, {\"card\": {\"bin\": \"522222\"}, \"currency\": \"USD\", \"amount\": 1.5}]";
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(wire).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 || answer.statusCode() == 202) {
                    for (JsonNode id : TestHttp.JSON.readTree(answer.body()).get("flux_ids")) {
                        ackedMessages.add(id.asText());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException e) {
                FluxtapProcess.sleep(20);
            }
        }
    }

    /** P2: acknowledged when accepted into the ring, so only "nothing the source lacks" is checked for them. */
    private void sendTelemetry(FluxtapProcess server, AtomicBoolean stop) {
        while (!stop.get()) {
            long n = sequence.incrementAndGet();
            long now = nanos(Instant.now());
            byte[] trace = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(resource("checkout")).addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                            .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(1).putLong(n).array()))
                            .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n).array()))
                            .setName("GET /cart").setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1_000_000))))
                    .build().toByteArray();
            byte[] metrics = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(resource("checkout")).addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(
                            Metric.newBuilder().setName("cart_items").setGauge(Gauge.newBuilder().addDataPoints(
                                    NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(n))))))
                    .build().toByteArray();
            try {
                TestHttp.acknowledged(client, server.otlpLogs().resolve("/v1/traces"), trace);
                TestHttp.acknowledged(client, server.otlpLogs().resolve("/v1/metrics"), metrics);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    private static long nanos(Instant ts) {
        return ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
    }
}
