package io.fluxtap.ingestion.otlp.translate;

import com.google.protobuf.ByteString;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtlpLogsDecoderTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");
    private static final String TRACE = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN = "eee19b7ec3c1b174";

    private final OtlpLogsDecoder decoder = new OtlpLogsDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void mapsEveryField() {
        var log = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                .setTimeUnixNano(1_544_712_660_300_000_123L)
                .setObservedTimeUnixNano(1_544_712_661_000_000_000L)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR2)
                .setSeverityText("this text loses to the number")
                .setTraceId(bytes(TRACE.toUpperCase()))
                .setSpanId(bytes(SPAN))
                .setBody(string("payment failed"))
                .addAttributes(kv("flux.id", AnyValue.newBuilder().setIntValue(7_340_032_123L).build()))
                .addAttributes(kv("gear.id", string("checkout-worker")))
                .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[]{0, 1, 2})).build()))
                .addAttributes(kv("empty", AnyValue.getDefaultInstance()))
                .addAttributes(kv("nested", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("z", AnyValue.newBuilder().setDoubleValue(1.5).build()))
                        .addValues(kv("a", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(string("x"))
                                .addValues(AnyValue.newBuilder().setBoolValue(true))).build())))
                        .build()))
                .build();
        ExportLogsServiceRequest request = request(resource(
                kv("service.name", string("payments")),
                kv("host.id", string("host-7")),
                kv("service.instance.id", string("instance-1"))), "io.fluxtap.checkout", log);

        Decoded<LogRecord> decoded = decoder.decode(request);

        assertEquals(0, decoded.rejected());
        assertNull(decoded.rejectionMessage());
        LogRecord record = decoded.records().getFirst();
        assertEquals(Instant.parse("2018-12-13T14:51:00.300000123Z"), record.timestamp());
        assertEquals(Instant.parse("2018-12-13T14:51:01Z"), record.observedTimestamp());
        assertEquals(TRACE, record.traceId());
        assertEquals(SPAN, record.spanId());
        assertEquals(7_340_032_123L, record.fluxId());
        assertEquals("host-7", record.machineId());
        assertEquals("payments", record.entityName());
        assertEquals("checkout-worker", record.gearId());
        assertEquals(Level.ERROR, record.level());
        assertEquals(18, record.severityNumber());
        assertEquals("payment failed", record.body());

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1.5);
        nested.put("a", List.of("x", true));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("gear.id", "checkout-worker");
        attributes.put("bytes", "AAEC");
        attributes.put("empty", null);
        attributes.put("nested", nested);
        assertEquals(attributes, record.attributes(), "flux.id is promoted out of the attributes");
        assertEquals(List.of("gear.id", "bytes", "empty", "nested"), List.copyOf(record.attributes().keySet()));
        assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) record.attributes().get("nested")).keySet()));
        assertEquals(Map.of("service.name", "payments", "host.id", "host-7", "service.instance.id", "instance-1"),
                record.resource());
    }

    @Test
    void timesFallBackToObservedThenNow() {
        var onlyObserved = log().setObservedTimeUnixNano(2_000_000_000L).build();
        var none = log().build();
        List<LogRecord> records = decoder.decode(request(Resource.getDefaultInstance(), "", onlyObserved, none)).records();
        assertEquals(Instant.ofEpochSecond(2), records.get(0).timestamp());
        assertEquals(Instant.ofEpochSecond(2), records.get(0).observedTimestamp());
        // Microseconds of the clock, as the store keeps them, so the record reads back as it was decoded.
        Instant nowMicros = Instant.parse("2026-03-04T05:06:07.123456Z");
        assertEquals(nowMicros, records.get(1).timestamp());
        assertEquals(nowMicros, records.get(1).observedTimestamp());
        assertEquals(0, records.get(1).timeUnixNano(), "unset, as sent");
        assertEquals(2_000_000_000L, records.get(0).observedTimeUnixNano());
        assertEquals(0, records.get(0).timeUnixNano());
    }

    @Test
    void fixed64TimesAreUnsigned() {
        // A server clock in the year 2554, so the latest time OTLP can carry is not too far ahead of it.
        OtlpLogsDecoder late = new OtlpLogsDecoder(Clock.fixed(Instant.ofEpochSecond(18_446_744_073L), ZoneOffset.UTC));
        var far = log().setTimeUnixNano(-1L).build();
        LogRecord record = late.decode(request(Resource.getDefaultInstance(), "", far)).records().getFirst();
        assertEquals(Instant.ofEpochSecond(18_446_744_073L, 709_551_615), record.timestamp());
        assertEquals(-1L, record.timeUnixNano(), "as sent");
    }

    @Test
    void severityTextAndTheScopeAreKeptAsSent() {
        var log = log().setSeverityNumberValue(13).setSeverityText("Warnung").setTimeUnixNano(1_772_600_767_123_456_789L)
                .setObservedTimeUnixNano(1_772_600_767_123_456_790L).build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.shop").setVersion("1.4.2")
                                .addAttributes(kv("scope.tier", AnyValue.newBuilder().setIntValue(2).build())))
                        .addLogRecords(log))).build();

        LogRecord record = decoder.decode(request).records().getFirst();

        assertEquals("Warnung", record.severityText());
        assertEquals(Level.WARN, record.level());
        assertEquals("io.shop", record.scopeName());
        assertEquals("1.4.2", record.scopeVersion());
        assertEquals(Map.of("scope.tier", 2L), record.scopeAttributes());
        assertEquals(1_772_600_767_123_456_789L, record.timeUnixNano());
        assertEquals(1_772_600_767_123_456_790L, record.observedTimeUnixNano());
        assertEquals(Instant.parse("2026-03-04T05:06:07.123456789Z"), record.timestamp());
    }

    @Test
    void levelComesFromTheNumberElseTheTextElseUnspecified() {
        assertEquals(Level.WARN, levelOf(log().setSeverityNumberValue(14)));
        assertEquals(Level.INFO, levelOf(log().setSeverityText("Information")));
        assertEquals(Level.FATAL, levelOf(log().setSeverityText("CRITICAL")));
        assertEquals(Level.ERROR, levelOf(log().setSeverityNumberValue(99).setSeverityText("error")),
                "a number outside 1-24 names no level, so the text decides");
        assertEquals(Level.UNSPECIFIED, levelOf(log().setSeverityText("shouting")));
        assertEquals(Level.UNSPECIFIED, levelOf(log()));

        LogRecord outOfRange = decoder.decode(request(Resource.getDefaultInstance(), "",
                log().setSeverityNumberValue(99).build())).records().getFirst();
        assertEquals(99, outOfRange.severityNumber(), "the number is kept as sent");
    }

    @Test
    void machineIdFallsBackThroughInstanceIdToMachineId() {
        assertEquals("inst", decodeOne(resource(kv("service.instance.id", string("inst")),
                kv("machine.id", string("m")))).machineId());
        assertEquals("m", decodeOne(resource(kv("machine.id", string("m")))).machineId());
        assertEquals("42", decodeOne(resource(kv("host.id", AnyValue.newBuilder().setIntValue(42).build()))).machineId());
        assertEquals("m", decodeOne(resource(kv("host.id", string(" ")), kv("machine.id", string("m")))).machineId(),
                "a blank host.id does not count");
        LogRecord bare = decodeOne(Resource.getDefaultInstance());
        assertNull(bare.machineId());
        assertNull(bare.entityName());
    }

    @Test
    void gearIdFallsBackToTheScopeName() {
        LogRecord record = decoder.decode(request(Resource.getDefaultInstance(), "com.acme.Billing", log().build()))
                .records().getFirst();
        assertEquals("com.acme.Billing", record.gearId());
        assertNull(decodeOne(Resource.getDefaultInstance()).gearId(), "no gear.id and no scope name");
    }

    @Test
    void fluxIdAcceptsDecimalStringsUpToUnsigned64BitAndKeepsWhatItCannotParse() {
        LogRecord max = decodeAttributes(kv("flux_id", string("18446744073709551615")));
        assertEquals(-1L, max.fluxId(), "2^64-1 held in a long");
        assertTrue(max.attributes().isEmpty());

        LogRecord bad = decodeAttributes(kv("flux.id", string("not-a-number")));
        assertNull(bad.fluxId());
        assertEquals(Map.of("flux.id", "not-a-number"), bad.attributes());

        LogRecord tooBig = decodeAttributes(kv("flux.id", string("18446744073709551616")));
        assertNull(tooBig.fluxId());
        assertEquals("18446744073709551616", tooBig.attributes().get("flux.id"));

        LogRecord fallback = decodeAttributes(kv("flux.id", string("x")), kv("flux_id", string(" 12 ")));
        assertEquals(12L, fallback.fluxId());
        assertEquals(Map.of("flux.id", "x"), fallback.attributes());

        LogRecord dbl = decodeAttributes(kv("flux.id", AnyValue.newBuilder().setDoubleValue(3.0).build()));
        assertNull(dbl.fluxId());
        assertEquals(3.0, dbl.attributes().get("flux.id"));
    }

    @Test
    void structuredBodiesAreRenderedAsJson() {
        AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(kv("type", AnyValue.newBuilder().setIntValue(0).build()))
                .addValues(kv("url", string("https://example.com/?q=\"x\"")))
                .addValues(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(string("a")).addValues(AnyValue.newBuilder().setDoubleValue(2.5))).build()))
                .addValues(kv("none", AnyValue.getDefaultInstance()))).build();
        assertEquals("{\"type\":0,\"url\":\"https://example.com/?q=\\\"x\\\"\",\"tags\":[\"a\",2.5],\"none\":null}",
                bodyOf(map));
        assertEquals("42", bodyOf(AnyValue.newBuilder().setIntValue(42).build()));
        assertEquals("true", bodyOf(AnyValue.newBuilder().setBoolValue(true).build()));
        assertEquals("\"AAE=\"", bodyOf(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[]{0, 1})).build()));
        assertEquals("", bodyOf(AnyValue.getDefaultInstance()));
        assertEquals("  plain text kept as is ", bodyOf(string("  plain text kept as is ")));
    }

    @Test
    void eventNameIsKeptAsAnAttribute() {
        LogRecord record = decoder.decode(request(Resource.getDefaultInstance(), "",
                log().setEventName("browser.page_view").build())).records().getFirst();
        assertEquals(Map.of("event.name", "browser.page_view"), record.attributes());
    }

    @Test
    void allZeroIdsMeanAbsent() {
        LogRecord record = decoder.decode(request(Resource.getDefaultInstance(), "",
                log().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])).build()))
                .records().getFirst();
        assertNull(record.traceId());
        assertNull(record.spanId());
    }

    @Test
    void idsOfTheWrongLengthRejectTheirRecordAndKeepTheOthers() {
        var good = log().setBody(string("good")).setTraceId(bytes(TRACE)).setSpanId(bytes(SPAN)).build();
        var shortTrace = log().setBody(string("short trace")).setTraceId(bytes("abcd")).build();
        var longSpan = log().setBody(string("long span")).setSpanId(bytes(SPAN + "00")).build();
        var shortTrace2 = log().setBody(string("short trace 2")).setTraceId(bytes("ab")).build();
        var noIds = log().setBody(string("no ids")).build();

        Decoded<LogRecord> decoded = decoder.decode(request(Resource.getDefaultInstance(), "",
                good, shortTrace, longSpan, shortTrace2, noIds));

        assertEquals(List.of("good", "no ids"), decoded.records().stream().map(LogRecord::body).toList());
        assertEquals(3, decoded.rejected());
        assertEquals("2 rejected: traceId must be 16 bytes or empty "
                        + "(first: resourceLogs[0].scopeLogs[0].logRecords[1] had 2 bytes); "
                        + "1 rejected: spanId must be 8 bytes or empty "
                        + "(first: resourceLogs[0].scopeLogs[0].logRecords[2] had 9 bytes)",
                decoded.rejectionMessage());
    }

    @Test
    void anEmptyRequestDecodesToNothing() {
        Decoded<LogRecord> decoded = decoder.decode(ExportLogsServiceRequest.getDefaultInstance());
        assertTrue(decoded.records().isEmpty());
        assertEquals(0, decoded.rejected());
    }

    private Level levelOf(io.opentelemetry.proto.logs.v1.LogRecord.Builder log) {
        return decoder.decode(request(Resource.getDefaultInstance(), "", log.build())).records().getFirst().level();
    }

    private String bodyOf(AnyValue body) {
        return decoder.decode(request(Resource.getDefaultInstance(), "", log().setBody(body).build()))
                .records().getFirst().body();
    }

    private LogRecord decodeOne(Resource resource) {
        return decoder.decode(request(resource, "", log().build())).records().getFirst();
    }

    private LogRecord decodeAttributes(KeyValue... attributes) {
        return decoder.decode(request(Resource.getDefaultInstance(), "",
                log().addAllAttributes(Arrays.asList(attributes)).build())).records().getFirst();
    }

    static io.opentelemetry.proto.logs.v1.LogRecord.Builder log() {
        return io.opentelemetry.proto.logs.v1.LogRecord.newBuilder();
    }

    static ExportLogsServiceRequest request(Resource resource, String scope, io.opentelemetry.proto.logs.v1.LogRecord... logs) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(resource)
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName(scope))
                                .addAllLogRecords(Arrays.asList(logs))))
                .build();
    }

    static Resource resource(KeyValue... attributes) {
        return Resource.newBuilder().addAllAttributes(Arrays.asList(attributes)).build();
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
