package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
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
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Issue #14's proof of masking: records full of the card networks' published test numbers go through every
 * receiver (OTLP/HTTP JSON and protobuf logs, traces and metrics, OTLP/gRPC logs, traces and metrics, remote_write,
 * the messages API), as text, integers, whole doubles and map keys, half
 * of them dated an hour back so the warehouse exports them; then every file under the data directory (WAL segments,
 * the DuckDB file, the Parquet files) and the server's own output are searched byte by byte for every card number,
 * as digits and as sent: no hit. A marker sent beside them is found (in a WAL segment too), so the search can see
 * what is there; each Parquet file is also read back decoded (its pages are compressed) and holds no card number. The
 * stored rows, read back through the SQL console over hot and warehouse, carry the same token for the same card in
 * every signal.
 */
class MaskingDistributionIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String KEY = "mask-it-key-0123456789abcdef";
    private static final String JOIN_PAN = "4111111111111111";

    /** The networks' published test numbers (and a 19-digit Visa that passes Luhn). */
    private static final List<String> PANS = List.of("4111111111111111", "4012888888881881", "5555555555554444",
            "2223003122003222", "378282246310005", "6011111111111117", "3530111333300000", "30569309025904",
            "6200000000000005", "4111111111111111110");

    @TempDir
    Path workDir;

    private final String marker = "marker-" + UUID.randomUUID();

    @Test
    void noCardNumberReachesAnyFileOrLogLineAndEqualCardsGiveEqualTokens() throws Exception {
        Path wires = Files.createDirectories(workDir.resolve("wires"));
        Files.writeString(wires.resolve("visa-v1.yaml"), """
                wire: fluxSpec/visa-v1
                timestamp: /authorisedAt
                promote:
                  - {pointer: /card/bin, column: bin, type: string, required: true}
                  - {pointer: /card/pan, column: pan, type: string, mask: token}
                  - {pointer: /amount, column: amount, type: double, required: true}
                mask:
                  /card/cvv: drop
                """);
        Path data = workDir.resolve("data");
        // The scrape receiver too: a loopback target whose page carries card numbers in a label value and a HELP
        // text, with another one in a target label of the scrape configuration.
        HttpServer scrapeTarget = scrapeTarget();
        Map<String, String> env = Map.of("FLUXTAP_DATA_DIR", data.toString(),
                "FLUXTAP_WIRES_DIR", wires.toString(),
                "FLUXTAP_MASK_PAN", "token",
                "FLUXTAP_MASK_TOKEN_KEY", KEY,
                "FLUXTAP_MASK_ATTRIBUTES", "user.email=token,http.request.header.authorization=drop",
                "FLUXTAP_WAREHOUSE_EXPORT_INTERVAL", "1s",
                "FLUXTAP_SCRAPE_CONFIG_FILE", scrapeConfig(scrapeTarget).toString());
        Instant now = Instant.now();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        String token = token(JOIN_PAN);
        try (FluxtapProcess server = FluxtapProcess.start(workDir, env)) {
            for (Instant at : List.of(hourAgo, now)) {
                sendOtlpHttp(server, at);
                sendOtlpProtobuf(server, at);
                sendRemoteWrite(server, at);
                sendMessage(server, at);
            }
            sendOtlpGrpc(server, hourAgo);
            sendOtlpGrpc(server, now);
            sendOtlpGrpcMetric(server);

            // every signal reached the warehouse at least once
            for (String signal : List.of("logs", "traces", "metrics", "messages")) {
                TestHttp.await(WAIT, () -> TestHttp.get(server.api("/metrics")).body(), body -> body.lines()
                        .anyMatch(l -> l.startsWith("fluxtap_warehouse_exported_files_total{")
                                && l.contains("signal=\"" + signal + "\"")));
            }
            // and everything sent is stored (hot or warehouse)
            TestHttp.await(WAIT, () -> sql(server, "SELECT count(*) FROM logs WHERE entity_name = 'mask-proof'"),
                    rows -> rows.get(0).get(0).asLong() == 8);
            TestHttp.await(WAIT, () -> sql(server, "SELECT count(*) FROM spans WHERE entity_name = 'mask-proof'"),
                    rows -> rows.get(0).get(0).asLong() == 6);
            TestHttp.await(WAIT, () -> sql(server, "SELECT count(*) FROM metrics WHERE metric_name IN "
                    + "('card_gauge', 'card_remote', 'card_proto')"), rows -> rows.get(0).get(0).asLong() == 6);
            TestHttp.await(WAIT, () -> sql(server, "SELECT count(*) FROM metrics WHERE metric_name LIKE 'card_grpc%'"),
                    rows -> rows.get(0).get(0).asLong() >= 1);
            TestHttp.await(WAIT, () -> sql(server, "SELECT count(*) FROM messages"),
                    rows -> rows.get(0).get(0).asLong() == 2);
            TestHttp.await(WAIT, () -> sql(server, "SELECT count(*) FROM metrics WHERE metric_name = 'card_scraped'"),
                    rows -> rows.get(0).get(0).asLong() >= 1);
            assertTrue(Files.walk(data).anyMatch(p -> p.toString().endsWith(".parquet")), "parquet files written");

            // the same card, one token, in every signal and receiver
            assertAllCarry(token, sql(server, "SELECT CAST(attributes AS VARCHAR) FROM logs "
                    + "WHERE entity_name = 'mask-proof'"), 8);
            assertAllCarry(token, sql(server, "SELECT CAST(attributes AS VARCHAR) FROM spans "
                    + "WHERE entity_name = 'mask-proof'"), 6);
            assertAllCarry(token, sql(server, "SELECT CAST(labels AS VARCHAR) FROM metrics "
                    + "WHERE metric_name IN ('card_gauge', 'card_remote', 'card_proto')"), 6);
            JsonNode scraped = sql(server, "SELECT CAST(labels AS VARCHAR) FROM metrics "
                    + "WHERE metric_name = 'card_scraped'");
            assertAllCarry(token, scraped, scraped.size());
            assertAllCarry(token(PANS.get(4)), scraped, scraped.size());
            JsonNode grpcMetrics = sql(server, "SELECT CAST(labels AS VARCHAR) FROM metrics "
                    + "WHERE metric_name LIKE 'card_grpc%'");
            assertAllCarry(token, grpcMetrics, grpcMetrics.size());
            // a card sent as a double and as a map key is tokenized like the same card as text
            assertAllCarry(token, sql(server, "SELECT json_extract_string(attributes, '$.card_double') FROM logs "
                    + "WHERE entity_name = 'mask-proof' AND (body LIKE 'paid%' OR body LIKE 'proto%')"), 4);
            assertAllCarry("visa", sql(server, "SELECT json_extract_string(attributes, '$.by_card." + token
                    + "') FROM logs WHERE entity_name = 'mask-proof' AND body LIKE 'paid%'"), 2);
            assertAllCarry(token, sql(server, "SELECT json_extract_string(json, '$.refDouble') FROM messages"), 2);
            assertAllCarry("1", sql(server, "SELECT json_extract_string(json, '$.byCard." + token + ".n') "
                    + "FROM messages"), 2);
            assertAllCarry(token, sql(server, "SELECT json FROM messages"), 2);
            assertAllCarry(token, sql(server, "SELECT pan FROM messages_fluxspec_visa_v1"), 2);
            assertAllCarry(token(PANS.get(2)), sql(server, "SELECT body FROM logs "
                    + "WHERE entity_name = 'mask-proof' AND body LIKE 'paid%'"), 2);
            assertAllCarry(token("alice@example.com"), sql(server, "SELECT CAST(attributes AS VARCHAR) FROM logs "
                    + "WHERE entity_name = 'mask-proof' AND body LIKE 'paid%'"), 2);
            assertFalse(sql(server, "SELECT CAST(attributes AS VARCHAR) FROM logs").toString()
                    .contains("Bearer"), "the dropped attribute is gone");
            assertTrue(sql(server, "SELECT json FROM messages").toString().contains("\"cvv\":null"));

            // what the API answers holds no card number either
            for (String view : List.of("logs", "spans", "metrics", "messages", "messages_fluxspec_visa_v1")) {
                String rows = sql(server, "SELECT * FROM " + view).toString();
                for (String pan : PANS) {
                    assertFalse(rows.contains(pan), view + " holds " + pan);
                }
            }
            String metrics = TestHttp.get(server.api("/metrics")).body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("fluxtap_masked_total{")
                    && l.contains("signal=\"messages\"") && l.contains("rule=\"wire:fluxSpec/visa-v1/card/pan\"")),
                    metrics);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("fluxtap_masked_total{")
                    && l.contains("signal=\"logs\"") && l.contains("rule=\"pan\"")), metrics);
            assertNoCardNumberInParquet(server, data);
            assertEquals(143, server.terminate());
            assertNoCardNumberIn(data, server.output());
        } finally {
            scrapeTarget.stop(0);
        }
    }

    /** A Prometheus page on loopback with card numbers where a scraped page can carry text. */
    private HttpServer scrapeTarget() throws IOException {
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = """
                # HELP card_scraped Payments by card, last one %s.
                # TYPE card_scraped gauge
                card_scraped{card="%s",note="%s"} 1
                """.formatted(PANS.get(3), JOIN_PAN, marker).getBytes(StandardCharsets.UTF_8);
        target.createContext("/metrics", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        target.start();
        return target;
    }

    private Path scrapeConfig(HttpServer target) throws IOException {
        return Files.writeString(workDir.resolve("scrape.yml"), """
                scrape_configs:
                  - job_name: cards
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels: {owner_card: "%s"}
                """.formatted(target.getAddress().getPort(), PANS.get(4)));
    }

    @Test
    void aTokenMaskWithoutAKeyStopsStartUpNamingTheKey() {
        Map<String, String> env = Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                "FLUXTAP_MASK_PAN", "token");
        AssertionError refused = assertThrows(AssertionError.class, () -> FluxtapProcess.start(workDir, env).close());
        assertTrue(refused.getMessage().contains("fluxtap.mask.token-key"), refused.getMessage());
        Map<String, String> badRule = Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data2").toString(),
                "FLUXTAP_MASK_ATTRIBUTES", "user.email=hash");
        AssertionError rule = assertThrows(AssertionError.class, () -> FluxtapProcess.start(workDir, badRule).close());
        assertTrue(rule.getMessage().contains("fluxtap.mask.attributes entry 'user.email=hash'"), rule.getMessage());
    }

    /**
     * Parquet pages are ZSTD-compressed, so a byte search of a Parquet file could miss a card number in it: each file
     * is also read back decoded, one by one, and the marker must turn up in one of them.
     */
    private void assertNoCardNumberInParquet(FluxtapProcess server, Path data) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        boolean markerSeen = false;
        int read = 0;
        for (Path file : files) {
            HttpResponse<String> response = TestHttp.post(server.api("/api/v1/sql"), "text/plain",
                    ("SELECT * FROM read_parquet('" + file + "')").getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() != 200 && !Files.exists(file)) {
                continue; // compacted away since the listing
            }
            assertEquals(200, response.statusCode(), file + ": " + response.body());
            read++;
            String rows = response.body();
            markerSeen |= rows.contains(marker);
            for (String pan : PANS) {
                for (String form : asSent(pan)) {
                    assertFalse(rows.contains(form), file + " holds " + form);
                }
            }
        }
        assertTrue(read >= 4, "parquet files of every signal read back: " + files);
        assertTrue(markerSeen, "the marker is in no parquet file read back: " + files);
    }

    private void assertNoCardNumberIn(Path data, String output) throws IOException {
        List<byte[]> needles = new ArrayList<>();
        for (String pan : PANS) {
            for (String form : asSent(pan)) {
                needles.add(form.getBytes(StandardCharsets.UTF_8));
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".parquet")), "parquet files: " + files);
        boolean markerSeen = false;
        boolean markerInWal = false;
        byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> hits = new LinkedHashMap<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            boolean hasMarker = indexOf(bytes, markerBytes) >= 0;
            markerSeen |= hasMarker;
            markerInWal |= hasMarker && data.relativize(file).startsWith("wal");
            for (byte[] needle : needles) {
                if (indexOf(bytes, needle) >= 0) {
                    hits.computeIfAbsent(file.toString(), f -> new ArrayList<>())
                            .add(new String(needle, StandardCharsets.UTF_8));
                }
            }
        }
        byte[] out = output.getBytes(StandardCharsets.UTF_8);
        for (byte[] needle : needles) {
            if (indexOf(out, needle) >= 0) {
                hits.computeIfAbsent("server output", f -> new ArrayList<>()).add(new String(needle, StandardCharsets.UTF_8));
            }
        }
        assertEquals(Map.of(), hits, "card numbers found");
        assertTrue(markerSeen, "the marker sent beside the card numbers is in no file: the search sees nothing "
                + files);
        assertTrue(markerInWal, "the marker is in no WAL segment: the search saw no WAL record " + files);
    }

    /** A card number as digits, in groups of four with spaces and with dashes. */
    private static List<String> asSent(String pan) {
        StringBuilder spaced = new StringBuilder();
        for (int i = 0; i < pan.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                spaced.append(' ');
            }
            spaced.append(pan.charAt(i));
        }
        return List.of(pan, spaced.toString(), spaced.toString().replace(' ', '-'));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void assertAllCarry(String token, JsonNode rows, int expected) {
        assertEquals(expected, rows.size(), rows.toString());
        for (JsonNode row : rows) {
            assertTrue(row.toString().contains(token), token + " not in " + row);
        }
    }

    private static JsonNode sql(FluxtapProcess server, String statement) {
        HttpResponse<String> response = TestHttp.post(server.api("/api/v1/sql"), "text/plain",
                statement.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), statement + ": " + response.body());
        return TestHttp.json(response).get("rows");
    }

    private static String token(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "tok_" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private static String kv(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"" + value + "\"}}";
    }

    private void sendOtlpHttp(FluxtapProcess server, Instant at) {
        long t = nanos(at);
        String spaced = asSent(PANS.get(2)).get(1);
        String logs = """
                {"resourceLogs":[{"resource":{"attributes":[%s,%s]},
                  "scopeLogs":[{"scope":{"name":"shop","attributes":[%s]},"logRecords":[
                    {"timeUnixNano":"%d","severityNumber":9,"body":{"stringValue":"paid %s with %s, %s"},
                     "attributes":[%s,%s,%s,{"key":"card.int","value":{"intValue":"%s"}},
                       {"key":"card_double","value":{"doubleValue":%s}},
                       {"key":"by_card","value":{"kvlistValue":{"values":[%s]}}},
                       {"key":"cards","value":{"arrayValue":{"values":[{"stringValue":"%s"},{"stringValue":"%s"}]}}}]},
                    {"timeUnixNano":"%d","severityNumber":13,"body":{"stringValue":"declined %s %s"},
                     "attributes":[%s]}]}]}]}"""
                .formatted(kv("service.name", "mask-proof"), kv("tenant.card", PANS.get(3)),
                        kv("scope.card", PANS.get(4)),
                        t, marker, spaced, asSent(PANS.get(5)).get(2), kv("card", JOIN_PAN),
                        kv("user.email", "alice@example.com"), kv("http.request.header.authorization", "Bearer s3cr3t"),
                        PANS.get(6), JOIN_PAN, kv(JOIN_PAN, "visa"), PANS.get(7), PANS.get(8),
                        t + 1, PANS.get(9), asSent(PANS.get(1)).get(1), kv("card", JOIN_PAN));
        post(server.otlpLogs().resolve("/v1/logs"), logs);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traces = """
                {"resourceSpans":[{"resource":{"attributes":[%s]},"scopeSpans":[{"scope":{"name":"shop"},"spans":[
                  {"traceId":"%s","spanId":"1000000000000000","name":"charge %s","kind":"SPAN_KIND_SERVER",
                   "startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[%s],
                   "status":{"code":"STATUS_CODE_ERROR","message":"declined %s"},
                   "events":[{"timeUnixNano":"%d","name":"retry %s","attributes":[%s]}],
                   "links":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                             "attributes":[%s]}]}]}]}]}"""
                .formatted(kv("service.name", "mask-proof"), traceId, PANS.get(0), t, t + 5_000_000L,
                        kv("card", JOIN_PAN), asSent(PANS.get(2)).get(2), t + 1_000_000L, PANS.get(4),
                        kv("pan", PANS.get(6)), kv("pan", PANS.get(9)));
        post(server.otlpLogs().resolve("/v1/traces"), traces);
        String metrics = """
                {"resourceMetrics":[{"resource":{"attributes":[%s]},"scopeMetrics":[{"scope":{"name":"shop"},
                  "metrics":[{"name":"card_gauge","gauge":{"dataPoints":[
                    {"timeUnixNano":"%d","asDouble":1.5,"attributes":[%s,%s]}]}}]}]}]}"""
                .formatted(kv("service.name", "mask-proof"), t, kv("card", JOIN_PAN), kv("other", PANS.get(5)));
        post(server.otlpLogs().resolve("/v1/metrics"), metrics);
    }

    private static void post(URI uri, String json) {
        HttpResponse<String> response = TestHttp.post(uri, "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
    }

    private void sendOtlpGrpc(FluxtapProcess server, Instant at) {
        String endpoint = server.urls().get("OTLP/gRPC receiver").toString();
        io.opentelemetry.sdk.resources.Resource resource = io.opentelemetry.sdk.resources.Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), "mask-proof"));
        try (SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(
                        OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).build())).build()) {
            logs.get("grpc").logRecordBuilder().setTimestamp(at).setSeverity(Severity.INFO)
                    .setBody("grpc card " + asSent(PANS.get(8)).get(1))
                    .setAttribute(AttributeKey.stringKey("card"), JOIN_PAN).emit();
            assertTrue(logs.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "gRPC log export failed");
        }
        try (SdkTracerProvider traces = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(
                        OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build())).build()) {
            Span span = traces.get("grpc").spanBuilder("grpc charge " + PANS.get(1))
                    .setStartTimestamp(at).setAttribute("card", JOIN_PAN).startSpan();
            span.end(at.plusMillis(3));
            assertTrue(traces.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "gRPC span export failed");
        }
    }

    /** OTLP/HTTP protobuf: a log, a span and a gauge built with the generated classes, cards as text and double. */
    private void sendOtlpProtobuf(FluxtapProcess server, Instant at) {
        long t = nanos(at);
        Resource resource = Resource.newBuilder().addAttributes(pbText("service.name", "mask-proof")).build();
        byte[] logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource).addScopeLogs(ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("proto")
                                .addAttributes(pbText("scope.card", PANS.get(4))))
                        .addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder().setTimeUnixNano(t)
                                .setSeverityNumberValue(9)
                                .setBody(AnyValue.newBuilder().setStringValue("proto " + marker + " "
                                        + asSent(PANS.get(1)).get(1)))
                                .addAttributes(pbText("card", JOIN_PAN))
                                .addAttributes(KeyValue.newBuilder().setKey("card_double")
                                        .setValue(AnyValue.newBuilder().setDoubleValue(Double.parseDouble(JOIN_PAN))))
                                .addAttributes(KeyValue.newBuilder().setKey("cards").setValue(AnyValue.newBuilder()
                                        .setKvlistValue(KeyValueList.newBuilder()
                                                .addValues(pbText(PANS.get(6), "jcb")))))))).build().toByteArray();
        postProtobuf(server.otlpLogs().resolve("/v1/logs"), logs);
        byte[] traces = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource).addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("proto"))
                        .addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(
                                        UUID.randomUUID().toString().replace("-", ""))))
                                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("2000000000000000")))
                                .setName("proto charge " + PANS.get(2)).setTraceState("shop=" + PANS.get(0))
                                .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                                .setStartTimeUnixNano(t).setEndTimeUnixNano(t + 2_000_000L)
                                .addAttributes(pbText("card", JOIN_PAN))
                                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
                                        .setTimeUnixNano(t + 1).setName("proto event")
                                        .addAttributes(pbText("pan", PANS.get(3))))))).build().toByteArray();
        postProtobuf(server.otlpLogs().resolve("/v1/traces"), traces);
        byte[] metrics = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource).addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("proto"))
                        .addMetrics(Metric.newBuilder().setName("card_proto")
                                .setDescription("cards such as " + PANS.get(8)).setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(1.0)
                                        .addAttributes(pbText("card", JOIN_PAN))
                                        .addAttributes(KeyValue.newBuilder().setKey("card_double").setValue(
                                                AnyValue.newBuilder().setDoubleValue(
                                                        Double.parseDouble(PANS.get(5)))))))))).build().toByteArray();
        postProtobuf(server.otlpLogs().resolve("/v1/metrics"), metrics);
    }

    private static KeyValue pbText(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static void postProtobuf(URI uri, byte[] body) {
        HttpResponse<String> response = TestHttp.post(uri, "application/x-protobuf", body);
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
    }

    /** OTLP/gRPC metrics through the SDK (its clock dates the point, so only once, now). */
    private static void sendOtlpGrpcMetric(FluxtapProcess server) {
        String endpoint = server.urls().get("OTLP/gRPC receiver").toString();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(io.opentelemetry.sdk.resources.Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "mask-proof")))
                .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder()
                        .setEndpoint(endpoint).build()).setInterval(Duration.ofHours(1)).build()).build()) {
            provider.get("grpc").counterBuilder("card_grpc").build().add(1, Attributes.of(
                    AttributeKey.stringKey("card"), JOIN_PAN, AttributeKey.stringKey("other"), PANS.get(9)));
            assertTrue(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "gRPC metric export failed");
        }
    }

    /** remote_write 1.0: a snappy-compressed prometheus.WriteRequest, encoded field by field. */
    private static void sendRemoteWrite(FluxtapProcess server, Instant at) throws IOException {
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(series);
        for (String[] label : new String[][] {{"__name__", "card_remote"}, {"card", JOIN_PAN},
            {"other", asSent(PANS.get(7)).get(1)}}) {
            ByteArrayOutputStream l = new ByteArrayOutputStream();
            CodedOutputStream lo = CodedOutputStream.newInstance(l);
            lo.writeString(1, label[0]);
            lo.writeString(2, label[1]);
            lo.flush();
            s.writeByteArray(1, l.toByteArray());
        }
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        CodedOutputStream so = CodedOutputStream.newInstance(sample);
        so.writeDouble(1, 2.0);
        so.writeInt64(2, at.toEpochMilli());
        so.flush();
        s.writeByteArray(2, sample.toByteArray());
        s.flush();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        CodedOutputStream r = CodedOutputStream.newInstance(request);
        r.writeByteArray(1, series.toByteArray());
        r.flush();
        HttpResponse<String> response = TestHttp.post(server.api("/api/v1/write"), "application/x-protobuf",
                Snappy.compress(request.toByteArray()), "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", "0.1.0");
        assertEquals(204, response.statusCode(), response.body());
    }

    private static void sendMessage(FluxtapProcess server, Instant at) {
        String json = """
                {"authorisedAt":"%s","card":{"bin":"411111","pan":"%s","cvv":"123"},"amount":12.5,
                 "note":"refund to %s","ref":%s,"refDouble":%s.0,"byCard":{"%s":{"n":1}}}"""
                .formatted(at, JOIN_PAN, asSent(PANS.get(3)).get(2), PANS.get(5), JOIN_PAN, JOIN_PAN);
        HttpResponse<String> response = TestHttp.post(server.api("/api/v1/messages/fluxSpec/visa-v1"),
                "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
    }
}
