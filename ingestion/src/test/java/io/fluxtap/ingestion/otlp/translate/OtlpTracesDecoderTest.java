package io.fluxtap.ingestion.otlp.translate;

import com.google.protobuf.ByteString;
import io.fluxtap.api.Level;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.SpanRecord.SpanKind;
import io.fluxtap.api.SpanRecord.StatusCode;
import io.fluxtap.ingestion.otlp.OtlpEncoding;
import io.fluxtap.ingestion.otlp.OtlpJsonTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class OtlpTracesDecoderTest {

    private static final String TRACE = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN = "eee19b7ec3c1b174";
    private static final String PARENT = "eee19b7ec3c1b173";
    private static final String LINKED_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String LINKED_SPAN = "b7ad6b7169203331";
    private static final long START = 1_544_712_660_000_000_123L;
    private static final long END = 1_544_712_661_500_000_456L;

    private final OtlpTracesDecoder decoder = new OtlpTracesDecoder();

    @Test
    void mapsEveryField() {
        Span span = span()
                .setTraceId(bytes(TRACE.toUpperCase()))
                .setSpanId(bytes(SPAN))
                .setParentSpanId(bytes(PARENT))
                .setTraceState("vendor=a,other=b")
                .setFlags(0x80000301)
                .setName("POST /checkout")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(START)
                .setEndTimeUnixNano(END)
                .addAttributes(kv("http.method", string("POST")))
                .addAttributes(kv("flux.id", AnyValue.newBuilder().setIntValue(7_340_032_123L).build()))
                .addAttributes(kv("gear.id", string("checkout-worker")))
                .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(string("a")).addValues(AnyValue.newBuilder().setDoubleValue(2.5))).build()))
                .setDroppedAttributesCount(3)
                .addEvents(Span.Event.newBuilder()
                        .setTimeUnixNano(START + 999)
                        .setName("exception")
                        .addAttributes(kv("exception.message", string("card expired")))
                        .addAttributes(kv("nested", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                                .addValues(kv("z", AnyValue.newBuilder().setBoolValue(true).build()))
                                .addValues(kv("a", AnyValue.newBuilder().setIntValue(1).build()))).build()))
                        .setDroppedAttributesCount(1))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(END).setName("done"))
                .setDroppedEventsCount(4)
                .addLinks(Span.Link.newBuilder()
                        .setTraceId(bytes(LINKED_TRACE))
                        .setSpanId(bytes(LINKED_SPAN))
                        .setTraceState("k=v")
                        .setFlags(1)
                        .addAttributes(kv("link.reason", string("retry-of")))
                        .setDroppedAttributesCount(2))
                .setDroppedLinksCount(5)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("declined"))
                .build();
        ExportTraceServiceRequest request = request(resource(
                kv("service.name", string("payments")),
                kv("host.id", string("host-7")),
                kv("service.instance.id", string("instance-1"))),
                InstrumentationScope.newBuilder().setName("io.fluxtap.checkout").setVersion("1.2.3").build(), span);

        Decoded<SpanRecord> decoded = decoder.decode(request);

        assertEquals(0, decoded.rejected());
        assertNull(decoded.rejectionMessage());
        SpanRecord record = decoded.records().getFirst();
        assertEquals(TRACE, record.traceId(), "lowercase hex");
        assertEquals(SPAN, record.spanId());
        assertEquals(PARENT, record.parentSpanId());
        assertEquals("vendor=a,other=b", record.traceState());
        assertEquals(0x80000301, record.flags(), "all 32 bits of fixed32 flags");
        assertEquals("POST /checkout", record.name());
        assertEquals(SpanKind.SERVER, record.kind());
        assertEquals(Instant.parse("2018-12-13T14:51:00.000000123Z"), record.startTime());
        assertEquals(Instant.parse("2018-12-13T14:51:01.500000456Z"), record.endTime());
        assertEquals(StatusCode.ERROR, record.statusCode());
        assertEquals("declined", record.statusMessage());
        assertEquals(Level.ERROR, record.level());
        assertEquals(7_340_032_123L, record.fluxId());
        assertEquals("host-7", record.machineId());
        assertEquals("payments", record.entityName());
        assertEquals("checkout-worker", record.gearId());
        assertEquals("io.fluxtap.checkout", record.scopeName());
        assertEquals("1.2.3", record.scopeVersion());

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("gear.id", "checkout-worker");
        attributes.put("tags", List.of("a", 2.5));
        assertEquals(attributes, record.attributes(), "flux.id is promoted out of the attributes");
        assertEquals(List.copyOf(attributes.keySet()), List.copyOf(record.attributes().keySet()));
        assertEquals(List.of("service.name", "host.id", "service.instance.id"), List.copyOf(record.resource().keySet()));
        assertEquals("instance-1", record.resource().get("service.instance.id"));

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", true);
        nested.put("a", 1L);
        Map<String, Object> eventAttributes = new LinkedHashMap<>();
        eventAttributes.put("exception.message", "card expired");
        eventAttributes.put("nested", nested);
        assertEquals(List.of(
                        new SpanRecord.Event(Instant.parse("2018-12-13T14:51:00.000001122Z"), "exception", eventAttributes, 1),
                        new SpanRecord.Event(Instant.parse("2018-12-13T14:51:01.500000456Z"), "done", Map.of(), 0)),
                record.events());
        assertEquals(List.of(new SpanRecord.Link(LINKED_TRACE, LINKED_SPAN, "k=v", 1, Map.of("link.reason", "retry-of"), 2)),
                record.links());
        assertEquals(3, record.droppedAttributesCount());
        assertEquals(4, record.droppedEventsCount());
        assertEquals(5, record.droppedLinksCount());
    }

    @Test
    void absentOptionalFieldsAreNullAndARootHasNoParent() {
        SpanRecord root = decodeOne(span().setParentSpanId(ByteString.copyFrom(new byte[8])));
        assertNull(root.parentSpanId(), "an all-zero parent means a root span");
        assertNull(root.traceState());
        assertNull(root.statusMessage());
        assertEquals(StatusCode.UNSET, root.statusCode());
        assertEquals(Level.INFO, root.level());
        assertEquals(SpanKind.UNSPECIFIED, root.kind());
        assertNull(root.scopeName());
        assertNull(root.scopeVersion());
        assertNull(root.gearId(), "no gear.id and no scope name");
        assertNull(root.fluxId());
        assertNull(root.machineId());
        assertNull(root.entityName());
        assertTrue(root.events().isEmpty());
        assertTrue(root.links().isEmpty());
        assertNull(decodeOne(span()).parentSpanId(), "an empty parent too");
    }

    @Test
    void gearIdFallsBackToTheScopeNameAndMachineIdThroughItsKeys() {
        SpanRecord record = decoder.decode(request(resource(kv("machine.id", string("m"))),
                InstrumentationScope.newBuilder().setName("com.acme.Billing").build(), span().build())).records().getFirst();
        assertEquals("com.acme.Billing", record.gearId());
        assertEquals("m", record.machineId());
    }

    @Test
    void kindsAndStatusCodesMapOneToOneAndUnknownNumbersAreUnspecified() {
        assertEquals(SpanKind.INTERNAL, decodeOne(span().setKind(Span.SpanKind.SPAN_KIND_INTERNAL)).kind());
        assertEquals(SpanKind.CLIENT, decodeOne(span().setKind(Span.SpanKind.SPAN_KIND_CLIENT)).kind());
        assertEquals(SpanKind.PRODUCER, decodeOne(span().setKind(Span.SpanKind.SPAN_KIND_PRODUCER)).kind());
        assertEquals(SpanKind.CONSUMER, decodeOne(span().setKind(Span.SpanKind.SPAN_KIND_CONSUMER)).kind());
        assertEquals(SpanKind.UNSPECIFIED, decodeOne(span().setKindValue(42)).kind());
        assertEquals(StatusCode.OK, decodeOne(span().setStatus(Status.newBuilder().setCodeValue(1))).statusCode());
        assertEquals(StatusCode.UNSET, decodeOne(span().setStatus(Status.newBuilder().setCodeValue(7))).statusCode());
    }

    @Test
    void aLinkToAnInvalidSpanContextIsKeptWithEmptyIds() {
        SpanRecord record = decodeOne(span().addLinks(Span.Link.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[16]))
                .addAttributes(kv("why", string("sampled out")))));
        assertEquals(List.of(new SpanRecord.Link("", "", null, 0, Map.of("why", "sampled out"), 0)), record.links());
    }

    @Test
    void aSpanThatLastsNoTimeIsKept() {
        SpanRecord record = decodeOne(span().setStartTimeUnixNano(START).setEndTimeUnixNano(START));
        assertEquals(record.startTime(), record.endTime());
    }

    @Test
    void fixed64TimesAreUnsigned() {
        // A server clock in the year 2554, so the latest time OTLP can carry is not too far ahead of it.
        OtlpTracesDecoder late = new OtlpTracesDecoder(io.fluxtap.ingestion.sanitize.TimestampBounds.withDefaults(
                Clock.fixed(Instant.ofEpochSecond(18_446_744_073L), ZoneOffset.UTC)));
        Decoded<SpanRecord> decoded = late.decode(request(Resource.getDefaultInstance(),
                InstrumentationScope.getDefaultInstance(), span().setStartTimeUnixNano(Long.MIN_VALUE).setEndTimeUnixNano(-1L).build()));
        assertEquals(0, decoded.rejected(), decoded.rejectionMessage());
        SpanRecord record = decoded.records().getFirst();
        assertEquals(Instant.ofEpochSecond(9_223_372_036L, 854_775_808), record.startTime());
        assertEquals(Instant.ofEpochSecond(18_446_744_073L, 709_551_615), record.endTime());
    }

    @Test
    void invalidSpansAreRejectedOneByOneAndTheOthersKept() {
        Decoded<SpanRecord> decoded = decoder.decode(request(Resource.getDefaultInstance(),
                InstrumentationScope.getDefaultInstance(),
                span().setName("good").build(),
                span().setName("no trace id").clearTraceId().build(),
                span().setName("zero trace id").setTraceId(ByteString.copyFrom(new byte[16])).build(),
                span().setName("short trace id").setTraceId(bytes("abcd")).build(),
                span().setName("no span id").clearSpanId().build(),
                span().setName("long span id").setSpanId(bytes(SPAN + "00")).build(),
                span().setName("short parent").setParentSpanId(bytes("ab")).build(),
                span().setName("bad link").addLinks(Span.Link.newBuilder().setTraceId(bytes("ab"))).build(),
                span().setName("bad link span").addLinks(Span.Link.newBuilder().setSpanId(bytes("abcd"))).build(),
                span().setName("no start").setStartTimeUnixNano(0).build(),
                span().setName("no end").setEndTimeUnixNano(0).build(),
                span().setName("end first").setStartTimeUnixNano(END).setEndTimeUnixNano(START).build(),
                span().setName("too long").setStartTimeUnixNano(1).setEndTimeUnixNano(Long.MIN_VALUE + 1).build(),
                span().setName("also good").build()));

        assertEquals(List.of("good", "also good"), decoded.records().stream().map(SpanRecord::name).toList());
        assertEquals(12, decoded.rejected());
        String at = "resourceSpans[0].scopeSpans[0].spans[";
        assertEquals(String.join("; ",
                        "2 rejected: traceId is missing or all zero (first: " + at + "1])",
                        "1 rejected: traceId must be 16 bytes (first: " + at + "3] had 2 bytes)",
                        "1 rejected: spanId is missing or all zero (first: " + at + "4])",
                        "1 rejected: spanId must be 8 bytes (first: " + at + "5] had 9 bytes)",
                        "1 rejected: parentSpanId must be 8 bytes or empty (first: " + at + "6] had 1 bytes)",
                        "1 rejected: a link's traceId must be 16 bytes or empty (first: " + at + "7].links[0] had 1 bytes)",
                        "1 rejected: a link's spanId must be 8 bytes or empty (first: " + at + "8].links[0] had 2 bytes)",
                        "1 rejected: startTimeUnixNano is missing (first: " + at + "9])",
                        "2 rejected: endTimeUnixNano is before startTimeUnixNano (first: " + at + "10] started at "
                                + START + " and ended at 0)",
                        "1 rejected: the span lasts longer than 2^63-1 nanoseconds (first: " + at + "12])"),
                decoded.rejectionMessage());
    }

    @Test
    void decodesTheUpstreamTraceExample() throws Exception {
        ExportTraceServiceRequest request = OtlpEncoding.JSON.parse(
                OtlpJsonTest.example("trace.json").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                ExportTraceServiceRequest.getDefaultInstance());

        Decoded<SpanRecord> decoded = decoder.decode(request);

        assertEquals(0, decoded.rejected());
        SpanRecord span = decoded.records().getFirst();
        assertEquals(new SpanRecord(TRACE, SPAN, PARENT, null, 0, "I'm a server span", SpanKind.SERVER,
                Instant.ofEpochSecond(1_544_712_660L), Instant.ofEpochSecond(1_544_712_661L), StatusCode.UNSET, null,
                null, null, "my.service", "my.library", "my.library", "1.0.0",
                Map.of("my.span.attr", "some value"), Map.of("service.name", "my.service"), List.of(), List.of(),
                0, 0, 0, Map.of("my.scope.attribute", "some scope attribute")), span);
    }

    @Test
    void hexLinkIdsInJsonAreReadAsHex() throws Exception {
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"%s","spanId":"%s","name":"linked","kind":"SPAN_KIND_CONSUMER",
                   "startTimeUnixNano":"%d","endTimeUnixNano":%d,
                   "links":[{"traceId":"%s","spanId":"%s","flags":257}],
                   "status":{"code":"STATUS_CODE_OK"}}]}]}]}
                """.formatted(TRACE, SPAN, START, END, LINKED_TRACE.toUpperCase(), LINKED_SPAN);
        SpanRecord span = decoder.decode(OtlpEncoding.JSON.parse(json.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, ExportTraceServiceRequest.getDefaultInstance())).records().getFirst();
        assertEquals(List.of(new SpanRecord.Link(LINKED_TRACE, LINKED_SPAN, null, 257, Map.of(), 0)), span.links());
        assertEquals(SpanKind.CONSUMER, span.kind());
        assertEquals(StatusCode.OK, span.statusCode());
    }

    @Test
    void anEmptyRequestDecodesToNothing() {
        Decoded<SpanRecord> decoded = decoder.decode(ExportTraceServiceRequest.getDefaultInstance());
        assertTrue(decoded.records().isEmpty());
        assertEquals(0, decoded.rejected());
        assertNull(decoded.rejectionMessage());
    }

    private SpanRecord decodeOne(Span.Builder span) {
        Decoded<SpanRecord> decoded = decoder.decode(request(Resource.getDefaultInstance(),
                InstrumentationScope.getDefaultInstance(), span.build()));
        assertEquals(0, decoded.rejected(), decoded.rejectionMessage());
        return decoded.records().getFirst();
    }

    /** A valid span: only what a test cares about is set on top. */
    public static Span.Builder span() {
        return Span.newBuilder().setTraceId(bytes(TRACE)).setSpanId(bytes(SPAN)).setName("span")
                .setStartTimeUnixNano(START).setEndTimeUnixNano(END);
    }

    public static ExportTraceServiceRequest request(Resource resource, InstrumentationScope scope, Span... spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource)
                        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope).addAllSpans(Arrays.asList(spans))))
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

    public static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
