package io.fluxtap.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.tools.loadgen.OtlpTestServer.Answer;
import io.fluxtap.tools.loadgen.OtlpTestServer.Received;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the generator against a real HTTP server in the test that decodes every request. */
class LoadGenEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGHUB = Path.of("..", "..", "shared", "datasets", "loghub").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void sendsExactlyTheRequestedRecordsWithFreshTimestamps() throws Exception {
        try (OtlpTestServer server = OtlpTestServer.acceptingAll()) {
            long before = OtlpTestServer.unixNanosNow();

            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(), "--records", "5000");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(List.of(), server.invalid());
            assertEquals(5000, server.records());
            assertEquals(50, server.requests());
            for (Received request : server.received()) {
                assertEquals("application/x-protobuf", request.contentType());
                for (LogRecord record : records(request)) {
                    long time = record.getTimeUnixNano();
                    assertTrue(time >= before && time <= request.receivedAtUnixNanos(),
                            "time " + time + " is not the time of sending");
                    assertEquals(9, record.getSeverityNumberValue());
                    assertEquals(32, record.getTraceId().size() * 2);
                }
                assertEquals("loadgen", service(request));
            }
            assertTrue(outcome.out().contains("records   sent 5000, accepted 5000, rejected 0, failed 0"),
                    outcome.out());
            assertTrue(outcome.out().contains("requests  50 (HTTP 200: 50)"), outcome.out());
            assertTrue(outcome.out().contains("no error statuses; no transport errors"), outcome.out());
        }
    }

    @Test
    void gzippedOtlpJsonArrivesWhole() throws Exception {
        try (OtlpTestServer server = OtlpTestServer.acceptingAll()) {
            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(), "--records", "5000", "--batch", "128",
                    "--encoding", "json", "--gzip", "--connections", "3", "--level", "debug");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(List.of(), server.invalid(), "every request is valid OTLP/JSON with hex ids");
            assertEquals(5000, server.records());
            assertEquals(40, server.requests(), "39 full batches of 128 and one of 8");
            for (Received request : server.received()) {
                assertEquals("application/json", request.contentType());
                assertEquals("gzip", request.contentEncoding());
                assertEquals(5, records(request).getFirst().getSeverityNumberValue());
            }
        }
    }

    @Test
    void replaysALoghubSystemWithItsOwnServiceAndTheGivenAttributes() throws Exception {
        assumeTrue(Files.isDirectory(LOGHUB.resolve("Spark")), "the loghub samples are not at " + LOGHUB);
        try (OtlpTestServer server = OtlpTestServer.acceptingAll()) {
            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(),
                    "--dataset", LOGHUB.resolve("Spark").toString(),
                    "--records", "300", "--connections", "1", "--attr", "audit=true");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(300, server.records());
            Received first = server.received().getFirst();
            assertEquals("Spark", service(first));
            LogRecord record = records(first).getFirst();
            assertEquals("Registered signal handlers for [TERM, HUP, INT]", record.getBody().getStringValue());
            assertEquals("INFO", record.getSeverityText());
            Map<String, String> attributes = attributes(record);
            assertEquals("executor.CoarseGrainedExecutorBackend", attributes.get("gear.id"));
            assertEquals("E22", attributes.get("EventId"));
            assertEquals("true", attributes.get("audit"));
            assertTrue(outcome.out().contains("source    loghub Spark (2000 lines)"), outcome.out());
        }
    }

    @Test
    void aTargetRateIsHeld() throws Exception {
        try (OtlpTestServer server = OtlpTestServer.acceptingAll()) {
            Path report = dir.resolve("rate.json");

            RunOutcome outcome = RunOutcome.withProgressEvery(Duration.ofMillis(300), "--endpoint", server.endpoint(),
                    "--rate", "2000", "--duration", "1s", "--report-json", report.toString());

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            // 20 requests of 100 are due in the second (at 0, 50, ..., 950 ms); flat out it would be far more.
            assertTrue(server.records() >= 1500 && server.records() <= 2000,
                    "received " + server.records() + " records at --rate 2000 for 1 s");
            JsonNode summary = JSON.readTree(report.toFile());
            assertEquals(2000, summary.path("run").path("targetRate").asInt());
            assertEquals(server.records(), summary.path("records").path("accepted").asLong());
            assertTrue(summary.path("rates").path("recordsPerSecond").asDouble() <= 2000,
                    "the achieved rate is over the whole second: " + summary.path("rates"));
            assertTrue(outcome.err().lines().anyMatch(line -> line.matches("loadgen +\\d+s: \\d+ records sent .*")),
                    "progress lines on stderr: " + outcome.err());
        }
    }

    @Test
    void errorStatusesAreCountedAndReported() throws Exception {
        try (OtlpTestServer server = OtlpTestServer.start((n, request) -> n % 2 == 1 ? Answer.busy() : Answer.ok())) {
            Path report = dir.resolve("busy.json");

            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(), "--records", "5000",
                    "--report-json", report.toString());

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), "a run with errors still ran");
            assertEquals(50, server.requests());
            assertTrue(outcome.out().contains("requests  50 (HTTP 200: 25, HTTP 503: 25)"), outcome.out());
            assertTrue(outcome.out().contains("25 requests answered with an error status"), outcome.out());
            assertTrue(outcome.out().contains("503 and 429 mean the server is under pressure"), outcome.out());
            assertTrue(outcome.out().contains("HTTP 503: ingestion is busy, retry later"), outcome.out());
            JsonNode summary = JSON.readTree(report.toFile());
            assertEquals(Map.of("200", 25L, "503", 25L), longs(summary.path("requests").path("byStatus")));
            assertEquals(2500, summary.path("records").path("accepted").asLong());
            assertEquals(2500, summary.path("records").path("rejected").asLong());
            assertEquals(25, summary.path("requests").path("succeeded").asLong());
        }
    }

    @Test
    void partiallyRejectedRecordsAreCounted() throws Exception {
        byte[] partial = ExportLogsServiceResponse.newBuilder()
                .setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                        .setRejectedLogRecords(10).setErrorMessage("10 records had malformed ids"))
                .build().toByteArray();
        try (OtlpTestServer server = OtlpTestServer.start(
                (n, request) -> new Answer(200, partial, "application/x-protobuf", Duration.ZERO))) {

            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(), "--records", "5000");

            assertEquals(LoadGen.EXIT_RAN, outcome.status());
            assertTrue(outcome.out().contains("sent 5000, accepted 4500, rejected 500, failed 0"), outcome.out());
            assertTrue(outcome.out().contains("partial success: 10 records had malformed ids"), outcome.out());
        }
    }

    @Test
    void noAnswerAtAllExitsWithOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        RunOutcome outcome = RunOutcome.of("--endpoint", "http://127.0.0.1:" + closedPort, "--records", "300",
                "--timeout", "2s");

        assertEquals(LoadGen.EXIT_NOTHING_SUCCEEDED, outcome.status());
        assertTrue(outcome.out().contains("sent 300, accepted 0, rejected 0, failed 300"), outcome.out());
        assertTrue(outcome.out().contains("3 transport errors (ConnectException: 3)"), outcome.out());
    }

    @Test
    void onlyErrorStatusesExitWithOne() throws Exception {
        try (OtlpTestServer server = OtlpTestServer.start(
                (n, request) -> new Answer(500, new byte[0], "text/plain", Duration.ZERO))) {

            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(), "--records", "400");

            assertEquals(LoadGen.EXIT_NOTHING_SUCCEEDED, outcome.status());
            assertEquals(400, server.records());
            assertTrue(outcome.out().contains("HTTP 500: empty body"), outcome.out());
        }
    }

    /**
     * Open loop: with one connection and a server that takes 250 ms, requests due every 100 ms queue up. Their
     * latency counts from when they were due, so it grows well past the server's 250 ms, and the requests that
     * never got out are reported as behind schedule.
     */
    @Test
    void aSlowServerShowsInTheLatencyOfAnOpenLoopRun() throws Exception {
        Duration serverDelay = Duration.ofMillis(250);
        try (OtlpTestServer server = OtlpTestServer.start(
                (n, request) -> new Answer(200, new byte[0], "application/x-protobuf", serverDelay))) {
            Path report = dir.resolve("slow.json");

            RunOutcome outcome = RunOutcome.of("--endpoint", server.endpoint(), "--rate", "1000", "--duration", "1s",
                    "--connections", "1", "--report-json", report.toString());

            assertEquals(LoadGen.EXIT_RAN, outcome.status());
            JsonNode summary = JSON.readTree(report.toFile());
            long sent = summary.path("requests").path("total").asLong();
            assertEquals(server.requests(), sent);
            assertTrue(sent <= 5, sent + " requests in 1 s of a server that needs 250 ms each");
            assertEquals(10 - sent, summary.path("requests").path("behindSchedule").asLong());
            assertTrue(summary.path("latencyMs").path("max").asDouble() >= 2 * serverDelay.toMillis(),
                    "max latency " + summary.path("latencyMs").path("max") + " ms");
            assertTrue(outcome.out().contains("could not be sent on time"), outcome.out());
        }
    }

    private static List<LogRecord> records(Received request) {
        return request.request().getResourceLogsList().stream()
                .flatMap(resource -> resource.getScopeLogsList().stream())
                .flatMap(scope -> scope.getLogRecordsList().stream())
                .toList();
    }

    private static String service(Received request) {
        return request.request().getResourceLogs(0).getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name"))
                .map(kv -> kv.getValue().getStringValue())
                .findFirst().orElseThrow();
    }

    private static Map<String, String> attributes(LogRecord record) {
        return record.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    private static Map<String, Long> longs(JsonNode object) {
        return object.properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().asLong()));
    }
}
