package io.fluxtap.ingestion.otlp.http;

import io.fluxtap.testing.Http;
import com.google.protobuf.ByteString;
import com.google.rpc.Status;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.OtlpJsonTest;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.OtlpHttpTestServer;
import io.helidon.microprofile.metrics.RegistryFactory;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import io.fluxtap.ingestion.lane.LaneSettings;
import io.fluxtap.ingestion.testing.TestLanes;
import org.junit.jupiter.api.io.TempDir;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real HTTP against a real Helidon web server running the receiver, lane and metrics; only the store is fake. */
public class OtlpHttpServiceTest {

    private static final long LIMIT = 64 * 1024;
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryRecordSink sink = new InMemoryRecordSink();
    private OtlpHttpTestServer server;
    private LaneRouter lanes;
    private MetricRegistry registry;

    @TempDir
    Path dataDir;

    private void start(int ringSize, Duration publishTimeout) {
        start(TestLanes.settings(dataDir, RingSettings.of(ringSize, 64, publishTimeout)));
    }

    private void start(LaneSettings settings) {
        server = OtlpHttpTestServer.start(sink, settings, LIMIT, Clock.systemUTC());
        lanes = server.lanes();
        registry = server.registry();
    }

    private void start() {
        start(1024, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        sink.unblock();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void storesAProtobufExport() throws Exception {
        start();
        double acceptedBefore = counter(IngestMetrics.RECORDS, "lane", "P1");

        HttpResponse<byte[]> response = post(PROTOBUF, request("first", "second").toByteArray());

        assertEquals(200, response.statusCode());
        assertEquals(PROTOBUF, response.headers().firstValue("content-type").orElseThrow());
        ExportLogsServiceResponse reply = ExportLogsServiceResponse.parseFrom(response.body());
        assertEquals(ExportLogsServiceResponse.getDefaultInstance(), reply, "full success leaves partial_success unset");
        sink.awaitRecords(2, WAIT);
        assertEquals(List.of("first", "second"), sink.records().stream().map(LogRecord::body).toList());
        assertEquals(acceptedBefore + 2, counter(IngestMetrics.RECORDS, "lane", "P1"));
        until(() -> counter(IngestMetrics.STORED, "lane", "P1") >= 2, WAIT, () -> "stored counter");
    }

    @Test
    void storesTheUpstreamJsonExampleAndAnswersInJson() throws Exception {
        start();
        String json = OtlpJsonTest.example("logs.json");

        HttpResponse<byte[]> response = post("application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{}", text(response));
        sink.awaitRecords(1, WAIT);
        LogRecord stored = sink.records().getFirst();
        assertEquals("5b8efff798038103d269b633813fc60c", stored.traceId());
        assertEquals("my.service", stored.entityName());
    }

    @Test
    void reportsRejectedRecordsAsPartialSuccessAndKeepsTheRest() throws Exception {
        start();
        double invalidBefore = counter(IngestMetrics.REJECTED, "reason", "invalid_record");
        ExportLogsServiceRequest request = request("good", "bad-trace", "bad-span").toBuilder()
                .setResourceLogs(0, request("good", "bad-trace", "bad-span").getResourceLogs(0).toBuilder()
                        .setScopeLogs(0, ScopeLogs.newBuilder()
                                .addLogRecords(record("good"))
                                .addLogRecords(record("bad-trace").toBuilder().setTraceId(ByteString.copyFrom(new byte[3])))
                                .addLogRecords(record("bad-span").toBuilder().setSpanId(ByteString.copyFrom(new byte[16])))))
                .build();

        HttpResponse<byte[]> response = post(PROTOBUF, request.toByteArray());

        assertEquals(200, response.statusCode());
        ExportLogsServiceResponse reply = ExportLogsServiceResponse.parseFrom(response.body());
        assertTrue(reply.hasPartialSuccess());
        assertEquals(2, reply.getPartialSuccess().getRejectedLogRecords());
        assertTrue(reply.getPartialSuccess().getErrorMessage().contains("traceId must be 16 bytes"),
                reply.getPartialSuccess().getErrorMessage());
        sink.awaitRecords(1, WAIT);
        assertEquals(List.of("good"), sink.records().stream().map(LogRecord::body).toList());
        assertEquals(invalidBefore + 2, counter(IngestMetrics.REJECTED, "reason", "invalid_record"));
    }

    @Test
    void answersPartialSuccessInJsonForJsonRequests() throws Exception {
        start();
        String json = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                  {"spanId":"abcd","body":{"stringValue":"bad"}},{"body":{"stringValue":"good"}}]}]}]}
                """;
        HttpResponse<byte[]> response = post(JSON, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode());
        assertTrue(text(response).startsWith("{\"partialSuccess\":{\"rejectedLogRecords\":\"1\",\"errorMessage\":"),
                text(response));
        sink.awaitRecords(1, WAIT);
        assertEquals("good", sink.records().getFirst().body());
    }

    @Test
    void malformedProtobufIs400WithAStatusBody() throws Exception {
        start();
        double before = counter(IngestMetrics.REJECTED, "reason", "malformed");

        HttpResponse<byte[]> response = post(PROTOBUF, new byte[]{0x0a, 0x7f, 0x01, 0x02});

        assertEquals(400, response.statusCode());
        assertEquals(PROTOBUF, response.headers().firstValue("content-type").orElseThrow());
        Status status = Status.parseFrom(response.body());
        assertEquals(3, status.getCode());
        assertTrue(status.getMessage().startsWith("invalid protobuf ExportLogsServiceRequest"), status.getMessage());
        assertEquals(before + 1, counter(IngestMetrics.REJECTED, "reason", "malformed"));
        assertNothingStored();
    }

    @Test
    void malformedJsonIs400WithAJsonStatusBody() throws Exception {
        start();
        HttpResponse<byte[]> response = post(JSON, "{\"resourceLogs\":[{".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("content-type").orElseThrow());
        assertTrue(text(response).startsWith("{\"code\":3,\"message\":\"invalid JSON: "), text(response));

        HttpResponse<byte[]> notHex = post(JSON, """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"zz8efff798038103d269b633813fc60c"}]}]}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notHex.statusCode());
        assertTrue(text(notHex).contains("traceId must be a hex string"), text(notHex));
        assertNothingStored();
    }

    @Test
    void wrongOrMissingContentTypeIs415() throws Exception {
        start();
        double before = counter(IngestMetrics.REJECTED, "reason", "unsupported_media_type");
        byte[] body = request("x").toByteArray();

        HttpResponse<byte[]> wrong = post("text/plain", body);
        assertEquals(415, wrong.statusCode());
        assertTrue(Status.parseFrom(wrong.body()).getMessage().contains("unsupported Content-Type 'text/plain'"));

        HttpResponse<byte[]> missing = send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(415, missing.statusCode());
        assertTrue(Status.parseFrom(missing.body()).getMessage().contains("Content-Type is missing"));

        HttpResponse<byte[]> badCharset = post("application/json; charset=klingon", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, badCharset.statusCode());

        assertEquals(before + 3, counter(IngestMetrics.REJECTED, "reason", "unsupported_media_type"));
        assertNothingStored();
    }

    @Test
    void bodyOverTheLimitIs413WhetherOrNotItsLengthIsDeclared() throws Exception {
        start();
        double before = counter(IngestMetrics.REJECTED, "reason", "too_large");
        byte[] big = bigRequest().toByteArray();
        assertTrue(big.length > LIMIT);

        HttpResponse<byte[]> declared = post(PROTOBUF, big);
        assertEquals(413, declared.statusCode());
        assertTrue(Status.parseFrom(declared.body()).getMessage().contains("over the limit of 65536 bytes"));

        HttpResponse<byte[]> chunked = send(HttpRequest.newBuilder(uri())
                .header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertEquals(413, chunked.statusCode());

        assertEquals(before + 2, counter(IngestMetrics.REJECTED, "reason", "too_large"));
        assertNothingStored();
    }

    @Test
    void acceptsGzip() throws Exception {
        start();
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri())
                .header("Content-Type", PROTOBUF)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Http.gzip(request("zipped").toByteArray()))));
        assertEquals(200, response.statusCode());
        sink.awaitRecords(1, WAIT);
        assertEquals("zipped", sink.records().getFirst().body());
    }

    @Test
    void gzipBombIs413() throws Exception {
        start();
        byte[] bomb = Http.gzip(new byte[32 * 1024 * 1024]);
        assertTrue(bomb.length < LIMIT, "small as received: " + bomb.length);

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri())
                .header("Content-Type", PROTOBUF)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));

        assertEquals(413, response.statusCode());
        assertTrue(Status.parseFrom(response.body()).getMessage().endsWith("after decompression"));
        assertNothingStored();
    }

    @Test
    void corruptGzipIs400() throws Exception {
        start();
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri())
                .header("Content-Type", PROTOBUF)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request("not zipped").toByteArray())));
        assertEquals(400, response.statusCode());
        assertEquals("request body could not be read as gzip: not gzip data: Not in GZIP format",
                Status.parseFrom(response.body()).getMessage());
        assertNothingStored();
    }

    @Test
    void aFullRingKeepsDurableLogsInTheWalAndStoresThemInOrderOnceTheStoreIsBack() throws Exception {
        start(8, Duration.ofMillis(200));
        sink.block();
        assertEquals(200, post(PROTOBUF, request("a").toByteArray()).statusCode());
        until(() -> sink.blockedWriters() == 1, WAIT, () -> "the consumer should be stuck in write");
        assertEquals(200, post(PROTOBUF, request("b1", "b2", "b3", "b4", "b5", "b6").toByteArray()).statusCode());
        assertEquals(200, post(PROTOBUF, request("c1", "c2", "c3", "c4").toByteArray()).statusCode(),
                "no room in the ring, but the WAL takes the records: fail to local, not refuse");
        assertTrue(lanes.snapshots().get(1).wal().orElseThrow().backlogged());

        sink.unblock();
        sink.awaitRecords(11, WAIT);
        assertEquals(List.of("a", "b1", "b2", "b3", "b4", "b5", "b6", "c1", "c2", "c3", "c4"),
                sink.records().stream().map(LogRecord::body).toList());
        until(() -> !lanes.snapshots().get(1).wal().orElseThrow().backlogged(), WAIT, () -> "caught up");
    }

    @Test
    void aWalAtItsQuotaIs429WithRetryAfterAndTakesNothingUntilTheStoreCatchesUp() throws Exception {
        start(TestLanes.settings(dataDir, RingSettings.of(1024, 64, Duration.ofMillis(100)), 1024, 2048, Set.of()));
        double before = counter(IngestMetrics.REJECTED, "reason", "throttled");
        sink.block();
        int accepted = 0;
        HttpResponse<byte[]> refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            HttpResponse<byte[]> response = post(PROTOBUF, request("q" + i).toByteArray());
            if (response.statusCode() == 200) {
                accepted++;
            } else {
                refused = response;
            }
        }
        assertTrue(refused != null && accepted > 0, "the quota must be reached after some requests: " + accepted);
        assertEquals(429, refused.statusCode());
        assertEquals("2", refused.headers().firstValue("retry-after").orElseThrow());
        Status status = Status.parseFrom(refused.body());
        assertEquals(8, status.getCode(), "RESOURCE_EXHAUSTED");
        assertTrue(status.getMessage().contains("write-ahead log is full"), status.getMessage());
        assertEquals(before + 1, counter(IngestMetrics.REJECTED, "reason", "throttled"));

        sink.unblock();
        sink.awaitRecords(accepted, WAIT);
        AtomicReference<HttpResponse<byte[]>> again = new AtomicReference<>();
        until(() -> {
            again.set(postQuietly(request("after").toByteArray()));
            return again.get().statusCode() == 200;
        }, WAIT, () -> "accepted again once the store drained the WAL, last answer " + again.get().statusCode());
        sink.awaitRecords(accepted + 1, WAIT);
        assertEquals(accepted + 1, sink.records().size(), "nothing of the refused request was stored");
    }

    @Test
    void debugLogsAreShedWhenTheTelemetryLaneIsFullAndReportedAsPartialSuccess() throws Exception {
        start(8, Duration.ofMillis(100));
        double droppedBefore = registry.counter(IngestMetrics.DROPPED, new Tag("lane", "P2"), new Tag("signal", "logs"))
                .getCount();
        sink.block();
        assertEquals(200, post(PROTOBUF, debugRequest(1).toByteArray()).statusCode());
        until(() -> sink.blockedWriters() == 1, WAIT, () -> "the P2 consumer should be stuck in write");
        // The stuck write still holds its slot until it succeeds: 7 of the 8 are free.
        assertEquals(200, post(PROTOBUF, debugRequest(7).toByteArray()).statusCode());
        assertFalse(ExportLogsServiceResponse.parseFrom(post(PROTOBUF, debugRequest(0).toByteArray()).body())
                .hasPartialSuccess());

        HttpResponse<byte[]> shed = post(PROTOBUF, debugRequest(3).toByteArray());

        assertEquals(200, shed.statusCode(), "telemetry is dropped, not retried");
        ExportLogsServiceResponse reply = ExportLogsServiceResponse.parseFrom(shed.body());
        assertEquals(3, reply.getPartialSuccess().getRejectedLogRecords());
        assertTrue(reply.getPartialSuccess().getErrorMessage().contains("lane P2 is full"));
        assertEquals(droppedBefore + 3,
                registry.counter(IngestMetrics.DROPPED, new Tag("lane", "P2"), new Tag("signal", "logs")).getCount());
        sink.unblock();
        sink.awaitRecords(8, WAIT);
        assertEquals(8, sink.records().size(), "stored = sent - dropped");
    }

    @Test
    void refusesWith503OnceShutdownBegan() throws Exception {
        start();
        lanes.drain();
        HttpResponse<byte[]> response = post(PROTOBUF, request("late").toByteArray());
        assertEquals(503, response.statusCode());
        assertTrue(Status.parseFrom(response.body()).getMessage().contains("shutting down"));
        assertTrue(sink.records().isEmpty(), "the lane is closed, so nothing can arrive later either");
    }

    @Test
    void anEmptyRequestIsASuccess() throws Exception {
        start();
        HttpResponse<byte[]> response = post(PROTOBUF, new byte[0]);
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length, "an empty ExportLogsServiceResponse encodes to no bytes");
    }

    @Test
    void survivesGarbage() throws Exception {
        start();
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            byte[] garbage = new byte[random.nextInt(2000)];
            random.nextBytes(garbage);
            int status = post(i % 2 == 0 ? PROTOBUF : JSON, garbage).statusCode();
            assertTrue(status == 200 || status == 400, "garbage got " + status);
        }
        HttpResponse<byte[]> response = post(PROTOBUF, request("after the garbage").toByteArray());
        assertEquals(200, response.statusCode());
        until(() -> sink.records().stream().anyMatch(r -> r.body().equals("after the garbage")), WAIT,
                () -> "the valid request after the garbage is stored");
    }

    private void assertNothingStored() {
        // The lane writes asynchronously: a request that would have been taken is published before the
        // response is sent, so after a round trip through a valid request it would have reached the sink.
        try {
            assertEquals(200, post(PROTOBUF, request("marker").toByteArray()).statusCode());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        sink.awaitRecords(1, WAIT);
        assertEquals(List.of("marker"), sink.records().stream().map(LogRecord::body).toList());
    }

    private double counter(String name, String tag, String value) {
        return server.counter(name, "signal", "logs", tag, value);
    }

    private HttpResponse<byte[]> post(String contentType, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return server.send(request);
    }

    private URI uri() {
        return server.uri("logs");
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static ExportLogsServiceRequest debugRequest(int count) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < count; i++) {
            scope.addLogRecords(record("debug " + i).toBuilder().setSeverityNumberValue(5));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope)).build();
    }

    private HttpResponse<byte[]> postQuietly(byte[] body) {
        try {
            return post(PROTOBUF, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static ExportLogsServiceRequest request(String... bodies) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (String body : bodies) {
            scope.addLogRecords(record(body));
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
                .build();
    }

    private static io.opentelemetry.proto.logs.v1.LogRecord record(String body) {
        return io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                .setTimeUnixNano(1_700_000_000_000_000_000L)
                .setSeverityNumberValue(9)
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                .setBody(AnyValue.newBuilder().setStringValue(body))
                .build();
    }

    private static ExportLogsServiceRequest bigRequest() {
        String[] bodies = IntStream.range(0, 100).mapToObj(i -> "x".repeat(1000) + i).toArray(String[]::new);
        return request(bodies);
    }

}
