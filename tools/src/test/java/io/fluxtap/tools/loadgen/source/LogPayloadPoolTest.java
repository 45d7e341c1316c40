package io.fluxtap.tools.loadgen.source;

import io.fluxtap.api.Level;
import io.fluxtap.tools.loadgen.StrictOtlpJson;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LogPayloadPoolTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final long NOW_NANOS = 1_772_366_400_123_456_789L;
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Two services with hand-written lines, cycling. */
    private static final List<LogLine> LINES = List.of(
            new LogLine("api", "http", Level.WARN, "warning", "slow \"quoted\" request, 900 ms",
                    Map.of("http.route", "/orders", "audit", "false"),
                    "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"),
            new LogLine("api", null, Level.ERROR, null, "no gear, no ids", Map.of(), null, null),
            new LogLine("db", "pool", Level.INFO, "INFO", "ünïcödé ✓ body", Map.of(), null, null));

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void encodesOtlpWithFreshTimestampsInEitherEncoding(Encoding encoding) throws Exception {
        LogPayloadPool pool = new LogPayloadPool(LoghubDataset.of(LINES, "fixed"),
                new OtlpLogsEncoder(encoding, Map.of("audit", "true", "run", "r1")), 3, CLOCK);

        Payload payload = pool.next(3);

        assertEquals(encoding.contentType(), payload.contentType());
        assertEquals(3, payload.items());
        ExportLogsServiceRequest request = decode(encoding, payload.body());
        assertEquals(List.of("api", "db"),
                request.getResourceLogsList().stream().map(LogPayloadPoolTest::service).toList());
        List<LogRecord> records = records(request);
        assertEquals(3, records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(NOW_NANOS + i, records.get(i).getTimeUnixNano(), "time of record " + i);
        }

        LogRecord first = records.get(0);
        assertEquals(13, first.getSeverityNumberValue());
        assertEquals("warning", first.getSeverityText());
        assertEquals("slow \"quoted\" request, 900 ms", first.getBody().getStringValue());
        assertEquals("http", attributes(first).get("gear.id"));
        assertEquals("/orders", attributes(first).get("http.route"));
        assertEquals("true", attributes(first).get("audit"), "--attr wins over the line's own attribute");
        assertEquals("r1", attributes(first).get("run"));
        assertEquals("0af7651916cd43dd8448eb211c80319c", HexFormat.of().formatHex(first.getTraceId().toByteArray()));
        assertEquals("b7ad6b7169203331", HexFormat.of().formatHex(first.getSpanId().toByteArray()));

        LogRecord second = records.get(1);
        assertEquals(17, second.getSeverityNumberValue());
        assertEquals("", second.getSeverityText());
        assertFalse(attributes(second).containsKey("gear.id"));
        assertTrue(second.getTraceId().isEmpty());
        assertEquals("ünïcödé ✓ body", records.get(2).getBody().getStringValue());
    }

    @Test
    void jsonWritesHexIdsAndIntegerSeverities() throws Exception {
        LogPayloadPool pool = new LogPayloadPool(LoghubDataset.of(LINES, "fixed"), new OtlpLogsEncoder(Encoding.JSON, Map.of()),
                3, CLOCK);

        String json = new String(pool.next(3).body(), StandardCharsets.UTF_8);

        assertTrue(json.contains("\"traceId\":\"0af7651916cd43dd8448eb211c80319c\""), json);
        assertTrue(json.contains("\"spanId\":\"b7ad6b7169203331\""), json);
        assertTrue(json.contains("\"severityNumber\":13"), json);
        assertTrue(json.contains("\"timeUnixNano\":\"" + NOW_NANOS + "\""), json);
    }

    @Test
    void everySendCarriesTheTimeOfThatSend() throws Exception {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        LogPayloadPool pool = new LogPayloadPool(LoghubDataset.of(LINES, "fixed"),
                new OtlpLogsEncoder(Encoding.PROTOBUF, Map.of()), 2, moving);

        long first = records(decode(Encoding.PROTOBUF, pool.next(2).body())).getFirst().getTimeUnixNano();
        now[0] = NOW.plusSeconds(3600);
        long later = records(decode(Encoding.PROTOBUF, pool.next(2).body())).getFirst().getTimeUnixNano();

        assertEquals(NOW_NANOS, first);
        assertEquals(NOW_NANOS + 3_600_000_000_000L, later);
    }

    @Test
    void aShortLastRequestCarriesExactlyWhatIsLeft() throws Exception {
        LogPayloadPool pool = new LogPayloadPool(LoghubDataset.of(LINES, "fixed"),
                new OtlpLogsEncoder(Encoding.PROTOBUF, Map.of()), 3, CLOCK);

        Payload payload = pool.next(2);

        assertEquals(2, payload.items());
        assertEquals(2, records(decode(Encoding.PROTOBUF, payload.body())).size());
    }

    @Test
    void aReplayedDatasetIsSentWholeAndInOrder() throws Exception {
        assumeTrue(Files.isDirectory(LoghubDatasetTest.LOGHUB.resolve("HDFS")), "no loghub samples");
        LoghubDataset hdfs = LoghubDataset.load(LoghubDatasetTest.LOGHUB.resolve("HDFS"));
        LogPayloadPool pool = new LogPayloadPool(hdfs, new OtlpLogsEncoder(Encoding.PROTOBUF, Map.of()), 100, CLOCK);

        List<String> sentBodies = new ArrayList<>();
        for (int i = 0; i < pool.pooledBatches(); i++) {
            for (ResourceLogs resource : decode(Encoding.PROTOBUF, pool.next(100).body()).getResourceLogsList()) {
                assertEquals("HDFS", service(resource));
                resource.getScopeLogs(0).getLogRecordsList().forEach(r -> sentBodies.add(r.getBody().getStringValue()));
            }
        }

        assertEquals(20, pool.pooledBatches());
        assertEquals(hdfs.lines().stream().map(LogLine::body).toList(), sentBodies);
    }

    @Test
    void largeBatchesKeepThePoolBounded() {
        LogPayloadPool pool = new LogPayloadPool(new SyntheticLogLines("s", Level.INFO, 1),
                new OtlpLogsEncoder(Encoding.PROTOBUF, Map.of()), 50_000, CLOCK);

        assertEquals(4, pool.pooledBatches());
    }

    static ExportLogsServiceRequest decode(Encoding encoding, byte[] body) throws Exception {
        return encoding == Encoding.JSON ? StrictOtlpJson.logs(body) : ExportLogsServiceRequest.parseFrom(body);
    }

    static List<LogRecord> records(ExportLogsServiceRequest request) {
        return request.getResourceLogsList().stream()
                .flatMap(resource -> resource.getScopeLogsList().stream())
                .flatMap(scope -> scope.getLogRecordsList().stream())
                .toList();
    }

    static String service(ResourceLogs resource) {
        return resource.getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name"))
                .map(kv -> kv.getValue().getStringValue())
                .findFirst().orElseThrow();
    }

    static Map<String, String> attributes(LogRecord record) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : record.getAttributesList()) {
            map.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return map;
    }
}
