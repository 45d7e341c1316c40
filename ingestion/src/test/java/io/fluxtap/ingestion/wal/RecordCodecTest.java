package io.fluxtap.ingestion.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void everyFieldAndValueTypeSurvivesExactly() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1L);
        nested.put("a", List.of("x", 2.5));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("http.status_code", 502L);
        attributes.put("ratio", Double.NaN);
        attributes.put("ok", false);
        attributes.put("missing", null);
        attributes.put("nested", nested);
        attributes.put("list", new ArrayList<>(Arrays.asList(1L, null, "three")));
        LogRecord record = new LogRecord(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), Instant.ofEpochSecond(1_700_000_001L),
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", -2L, "host-1", "checkout", "payments",
                Level.ERROR, 18, "ünïcødé ✓ body", attributes, Map.of("service.name", "checkout"));

        LogRecord back = (LogRecord) RecordCodec.decode(RecordCodec.encode(record));

        assertEquals(record, back);
        assertEquals(List.copyOf(attributes.keySet()), List.copyOf(back.attributes().keySet()), "order kept");
        assertTrue(back.attributes().get("http.status_code") instanceof Long);
        assertTrue(Double.isNaN((Double) back.attributes().get("ratio")));
        assertEquals(-2L, back.fluxId(), "unsigned 64-bit ids travel as their bit pattern");
    }

    @Test
    void theOtlpFieldsSurviveExactly() {
        LogRecord record = new LogRecord(Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                Instant.ofEpochSecond(1_700_000_001L, 1), null, null, null, null, "checkout", "io.shop", Level.WARN, 14,
                "body", Map.of(), Map.of(), "Warning", "io.shop", "2.0", Map.of("tier", 2L, "kind", "library"),
                0, -1L);

        assertEquals(record, RecordCodec.decode(RecordCodec.encode(record)));
    }

    /**
     * WAL segments survive an upgrade: a log record in the first encoding (written by the code before the OTLP fields,
     * bytes captured from it) still decodes, with no severity text or scope and the OTLP times of its instants.
     */
    @Test
    void aLogRecordInTheFirstEncodingStillDecodes() {
        byte[] v1 = java.util.HexFormat.of().parseHex("01000000006553f100075bcd15000000006553f10100000000000000203462"
                + "663932663335373762333464613661336365393239643065306534373336000000103030663036376161306261393032623701"
                + "fffffffffffffffe00000006686f73742d3100000008636865636b6f7574000000087061796d656e74730500000012000000"
                + "07763120626f647900000002000000016b0200000000000000050000000173010000000176000000010000000c7365727669"
                + "63652e6e616d650100000008636865636b6f7574");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("k", 5L);
        attributes.put("s", "v");

        LogRecord back = (LogRecord) RecordCodec.decode(v1);

        assertEquals(new LogRecord(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), Instant.ofEpochSecond(1_700_000_001L),
                "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", -2L, "host-1", "checkout", "payments",
                Level.ERROR, 18, "v1 body", attributes, Map.of("service.name", "checkout")), back);
        assertEquals(1_700_000_000_123_456_789L, back.timeUnixNano());
        assertEquals(null, back.severityText());
    }

    @Test
    void businessMessagesSurviveWithTheirPromotedValuesTypedAsSent() {
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", "411111");
        promoted.put("amount", 12.5);
        promoted.put("units", 3L);
        promoted.put("settled", true);
        promoted.put("booked_at", Instant.ofEpochSecond(1_700_000_000L, 5));
        promoted.put("note", null);
        BusinessMessage message = new BusinessMessage("fluxSpec/visa-v1", -7L, Instant.ofEpochSecond(1_700_000_100L, 42),
                promoted, "{\"bin\":\"411111\",\"amount\":12.5}", "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", null, "checkout", null);

        assertEquals(message, RecordCodec.decode(RecordCodec.encode(message)));
    }

    @Test
    void spansAndSamplesAreNotWalRecords() {
        var span = new io.fluxtap.api.SpanRecord("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, null, 0,
                "op", io.fluxtap.api.SpanRecord.SpanKind.INTERNAL, Instant.EPOCH, Instant.EPOCH,
                io.fluxtap.api.SpanRecord.StatusCode.UNSET, null, null, null, null, null, null, null, Map.of(), Map.of(),
                List.of(), List.of(), 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.encode(span));
    }

    @Test
    void absentFieldsStayAbsent() {
        LogRecord record = new LogRecord(Instant.EPOCH, Instant.EPOCH, null, null, null, null, null, null,
                Level.UNSPECIFIED, 0, "", Map.of(), Map.of());
        assertEquals(record, RecordCodec.decode(RecordCodec.encode(record)));
    }

    @Test
    void garbageIsRefusedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordCodec.decode(new byte[] {9, 1, 2}));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        byte[] truncated = Arrays.copyOf(RecordCodec.encode(new LogRecord(Instant.EPOCH, Instant.EPOCH, null, null, null,
                null, null, null, Level.INFO, 9, "abc", Map.of(), Map.of())), 20);
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode(truncated));
    }
}
