package io.fluxtap.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogsJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aFullRecordHasEveryFieldWithTimestampsAsStringsAndFluxIdUnsigned() throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("b", 1L);
        attributes.put("a", List.of(true, 2.5, Map.of("x", "y")));
        LogRecord record = new LogRecord(Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:00:00.123456Z"),
                "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Long.MIN_VALUE, "m-1", "checkout", "gear",
                Level.ERROR, 17, "boom ✓", attributes, Map.of("service.name", "checkout"), "ERROR2", "io.shop", "1.0",
                Map.of("tier", 2L), 1_795_341_600_000_000_001L, -1L);

        JsonNode json = MAPPER.readTree(page(new LogPage(List.of(record), null), "next_cursor"));

        assertEquals(1, json.get("count").asInt());
        assertEquals("""
                {"ts":"2026-11-22T10:00:00.000000Z","observed_ts":"2026-11-22T10:00:00.123456Z",\
                "trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331",\
                "flux_id":"9223372036854775808","machine_id":"m-1","entity_name":"checkout","gear_id":"gear",\
                "level":"error","severity_number":17,"body":"boom ✓",\
                "attributes":{"b":1,"a":[true,2.5,{"x":"y"}]},"resource":{"service.name":"checkout"},\
                "severity_text":"ERROR2","scope_name":"io.shop","scope_version":"1.0","scope_attributes":{"tier":2},\
                "time_unix_nano":"1795341600000000001","observed_time_unix_nano":"18446744073709551615"}""",
                MAPPER.writeValueAsString(json.get("logs").get(0)));
    }

    @Test
    void missingValuesAreNullNotAbsent() throws Exception {
        JsonNode log = MAPPER.readTree(page(new LogPage(List.of(log(null, Level.INFO, "x", 0)), null), "next_cursor")).get("logs").get(0);
        for (String field : List.of("trace_id", "span_id", "flux_id", "machine_id", "entity_name", "gear_id")) {
            assertTrue(log.has(field) && log.get(field).isNull(), field);
        }
        assertTrue(log.get("attributes").isObject() && log.get("attributes").isEmpty());
    }

    @Test
    void aRecordsSizeIsWhatItAddsToAPage() throws Exception {
        LogRecord a = log("svc", Level.INFO, "x".repeat(1000), 0);
        LogRecord b = log("svc", Level.ERROR, "ünïcödé ".repeat(50), 1);
        int empty = page(new LogPage(List.of(), null), "next_cursor").length;
        // One comma fewer than records: the first record's size counts a comma that is not written.
        assertEquals(empty + LogsJson.size(a) + LogsJson.size(b) - 1,
                page(new LogPage(List.of(a, b), null), "next_cursor").length);
    }

    @Test
    void aPageIsWrittenAsItsRecordsAreEncodedNotHeldWhole() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(log("svc", Level.INFO, i + " " + "r".repeat(10_000), i));
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int[] largestWrite = new int[1];
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                whole.write(b);
                largestWrite[0] = Math.max(largestWrite[0], 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                whole.write(b, off, len);
                largestWrite[0] = Math.max(largestWrite[0], len);
            }
        };
        LogsJson.write(out, new LogPage(records, null), "next_cursor");
        assertTrue(whole.size() > 200_000);
        // The page reaches the stream in pieces smaller than two of its records: it is never held whole.
        assertTrue(largestWrite[0] < 20_000, "largest write " + largestWrite[0]);
        assertEquals(20, MAPPER.readTree(whole.toByteArray()).get("count").asInt());
    }

    private static byte[] page(LogPage page, String cursorField) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogsJson.write(out, page, cursorField);
        return out.toByteArray();
    }

    @Test
    void anEmptyPageAndAnError() throws Exception {
        assertEquals("{\"logs\":[],\"count\":0,\"next_cursor\":null,\"truncated\":false}",
                new String(page(new LogPage(List.of(), null), "next_cursor"), StandardCharsets.UTF_8));
        assertEquals("bad \"level\"", MAPPER.readTree(LogsJson.error("bad \"level\"")).get("error").asText());
    }
}
