package io.fluxtap.ingestion.otlp;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import io.fluxtap.ingestion.otlp.translate.OtlpLogsDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class OtlpJsonTest {

    /** The OTLP examples from opentelemetry-proto, read in place (see ../shared/conformance/otlp/README.md). */
    private static final Path EXAMPLES = Path.of("../../shared/conformance/otlp/examples");
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final OtlpLogsDecoder decoder = new OtlpLogsDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void decodesTheUpstreamLogsExample() throws Exception {
        List<LogRecord> records = decoder.decode(parse(example("logs.json"))).records();

        assertEquals(1, records.size());
        LogRecord record = records.getFirst();
        Instant ts = Instant.ofEpochSecond(1_544_712_660L, 300_000_000L);
        assertEquals(ts, record.timestamp());
        assertEquals(ts, record.observedTimestamp());
        assertEquals("5b8efff798038103d269b633813fc60c", record.traceId(), "hex, not base64, and lowercased");
        assertEquals("eee19b7ec3c1b174", record.spanId());
        assertNull(record.fluxId());
        assertNull(record.machineId());
        assertEquals("my.service", record.entityName());
        assertEquals("my.library", record.gearId());
        assertEquals(Level.INFO, record.level());
        assertEquals(10, record.severityNumber());
        assertEquals("Example log record", record.body());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("string.attribute", "some string");
        expected.put("boolean.attribute", true);
        expected.put("int.attribute", 10L);
        expected.put("double.attribute", 637.704);
        expected.put("array.attribute", List.of("many", "values"));
        expected.put("map.attribute", Map.of("some.map.key", "some value"));
        assertEquals(expected, record.attributes());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(record.attributes().keySet()));
        assertEquals(Map.of("service.name", "my.service"), record.resource());
    }

    @Test
    void decodesTheUpstreamEventsExample() throws Exception {
        LogRecord record = decoder.decode(parse(example("events.json"))).records().getFirst();

        assertEquals(Level.INFO, record.level());
        assertNull(record.traceId());
        assertEquals("{\"type\":0,\"url\":\"https://www.guidgenerator.com/online-guid-generator.aspx\","
                + "\"referrer\":\"https://wwww.google.com\",\"title\":\"Free Online GUID Generator\"}", record.body());
        assertEquals(Map.of("event.attribute", "some event attribute", "event.name", "browser.page_view"),
                record.attributes());
    }

    @Test
    void acceptsEnumNamesNumbersForInt64AndIgnoresUnknownFields() throws Exception {
        String json = """
                {"resourceLogs":[{"futureField":{"x":1},"scopeLogs":[{"logRecords":[
                  {"timeUnixNano":1544712660300000000,"severityNumber":"SEVERITY_NUMBER_WARN",
                   "traceId":"5b8EFFf798038103d269b633813fc60c","spanId":"","somethingNew":[1,2,3],
                   "attributes":[{"key":"n","value":{"intValue":-5}}],
                   "body":{"stringValue":"hi"}}]}]}]}
                """;
        LogRecord record = decoder.decode(parse(json)).records().getFirst();
        assertEquals(Instant.ofEpochSecond(1_544_712_660L, 300_000_000L), record.timestamp());
        assertEquals(Level.WARN, record.level());
        assertEquals(13, record.severityNumber());
        assertEquals("5b8efff798038103d269b633813fc60c", record.traceId());
        assertNull(record.spanId(), "an empty id is absent");
        assertEquals(Map.of("n", -5L), record.attributes());
    }

    @Test
    void hexIdsOfTheWrongLengthBecomePartialSuccessNotAFailure() throws Exception {
        String json = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                  {"traceId":"abcd","body":{"stringValue":"bad"}},
                  {"traceId":"00000000000000000000000000000000","spanId":"0000000000000000","body":{"stringValue":"ok"}}
                ]}]}]}
                """;
        Decoded<LogRecord> decoded = decoder.decode(parse(json));
        assertEquals(1, decoded.rejected());
        assertEquals(List.of("ok"), decoded.records().stream().map(LogRecord::body).toList());
        assertNull(decoded.records().getFirst().traceId(), "all-zero ids are absent");
    }

    @Test
    void rejectsIdsThatAreNotHex() {
        RequestRejected base64 = assertThrows(RequestRejected.class, () -> parse("""
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"W47/95gDgQPSabYzgT/GDA=="}]}]}]}
                """));
        assertEquals(400, base64.httpStatus());
        assertEquals("$.resourceLogs[0].scopeLogs[0].logRecords[0].traceId must be a hex string, "
                + "was 'W47/95gDgQPSabYzgT/GDA=='", base64.getMessage());
        RequestRejected odd = assertThrows(RequestRejected.class, () -> parse("""
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"spanId":"abc"}]}]}]}
                """));
        assertTrue(odd.getMessage().contains("spanId must be a hex string"), odd.getMessage());
    }

    @Test
    void rejectsWhatIsNotOtlpJson() {
        assertMalformed("", "the body is empty");
        assertMalformed("{\"resourceLogs\": [", "invalid JSON");
        assertMalformed("[1,2]", "expected an object");
        assertMalformed("{\"resourceLogs\":\"nope\"}", "invalid OTLP/JSON");
        assertMalformed("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"soon\"}]}]}]}",
                "invalid OTLP/JSON");
        assertMalformed("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":12}]}]}]}",
                "traceId must be a hex string, was NUMBER");
        assertMalformed("[".repeat(5000), "invalid JSON");
    }

    private void assertMalformed(String json, String expectedMessagePart) {
        RequestRejected rejected = assertThrows(RequestRejected.class, () -> parse(json));
        assertEquals(400, rejected.httpStatus());
        assertTrue(rejected.getMessage().contains(expectedMessagePart), rejected.getMessage());
    }

    private static ExportLogsServiceRequest parse(String json) throws RequestRejected {
        return OtlpEncoding.JSON.parse(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                ExportLogsServiceRequest.getDefaultInstance());
    }

    public static String example(String name) throws IOException {
        Path file = EXAMPLES.resolve(name);
        assumeTrue(Files.isRegularFile(file), "OTLP conformance example " + file.toAbsolutePath()
                + " is missing: the test expects the shared/ checkout next to the repository");
        return Files.readString(file);
    }
}
