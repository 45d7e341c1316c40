package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Traces sent by the official OpenTelemetry Java SDK (and as plain OTLP/JSON) read back through the API. */
class TracesEndToEndTest extends FluxtapEndToEnd {

    /** The OTLP examples from opentelemetry-proto, read in place (see ../shared/conformance/otlp/README.md). */
    private static final Path EXAMPLES = Path.of("../../shared/conformance/otlp/examples");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    @Test
    void aTraceFromTheOtelSdkIsStoredAndReadBackExactly() {
        String service = "checkout-" + UUID.randomUUID();
        // Nanoseconds on purpose: ts keeps microseconds, duration_ns every nanosecond.
        Instant rootStart = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(10).plusNanos(123);
        Instant childStart = rootStart.plusMillis(5).plusNanos(456);
        Instant eventTime = childStart.plusNanos(1_000_789);
        Instant childEnd = childStart.plusMillis(20).plusNanos(1);
        Instant rootEnd = rootStart.plusMillis(40).plusNanos(7);
        String linkedTrace = "0af7651916cd43dd8448eb211c80319c";
        String linkedSpan = "b7ad6b7169203331";

        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/traces").setCompression("gzip").build();
        Resource resource = Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("host.id"), "host-7"));
        String traceId;
        String rootId;
        String childId;
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                // One attribute per event, so the event reports the one the SDK dropped.
                .setSpanLimits(SpanLimits.builder().setMaxNumberOfAttributesPerEvent(1).build())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("io.fluxtap.test.checkout", "1.4.2");
            Span root = tracer.spanBuilder("POST /checkout").setNoParent().setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(rootStart)
                    .setAttribute("http.request.method", "POST")
                    .setAttribute(AttributeKey.longKey("http.response.status_code"), 502L)
                    .setAttribute(AttributeKey.stringKey("gear.id"), "payments")
                    .setAttribute(AttributeKey.longKey("flux.id"), 1234567890123L)
                    .setAttribute(AttributeKey.booleanKey("retry"), true)
                    .setAttribute(AttributeKey.doubleKey("amount"), 12.5)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
                    .startSpan();
            Span child = tracer.spanBuilder("charge card — ünïcødé ✓").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(root))
                    .setStartTimestamp(childStart)
                    .addLink(SpanContext.createFromRemoteParent(linkedTrace, linkedSpan, TraceFlags.getSampled(),
                                    TraceState.builder().put("vendor", "linked").build()),
                            Attributes.of(AttributeKey.stringKey("link.reason"), "retry-of"))
                    .startSpan();
            child.addEvent("exception", Attributes.of(
                    AttributeKey.stringKey("exception.message"), "card expired",
                    AttributeKey.stringKey("zzz.dropped"), "over the limit"), eventTime);
            child.setStatus(StatusCode.ERROR, "card declined");
            child.end(childEnd);
            root.end(rootEnd);
            traceId = root.getSpanContext().getTraceId();
            rootId = root.getSpanContext().getSpanId();
            childId = child.getSpanContext().getSpanId();
            CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
            assertTrue(flushed.isSuccess(), "the SDK's export to Fluxtap failed");
        }

        JsonNode spans = awaitSpans(traceId, 2);

        assertEquals(tree("""
                {"ts":"%s","trace_id":"%s","span_id":"%s","flux_id":"1234567890123","machine_id":"host-7",
                 "entity_name":"%s","gear_id":"payments","level":"info","end_ts":"%s","duration_ns":40000007,
                 "parent_span_id":null,"trace_state":null,"flags":0,"name":"POST /checkout","kind":"server",
                 "status_code":"unset","status_message":null,"scope_name":"io.fluxtap.test.checkout",
                 "scope_version":"1.4.2","scope_attributes":{},
                 "attributes":{"http.request.method":"POST","http.response.status_code":502,"gear.id":"payments",
                               "retry":true,"amount":12.5,"tags":["a","b"]},
                 "resource":{"service.name":"%s","host.id":"host-7"},
                 "events":[],"links":[],
                 "dropped_attributes_count":0,"dropped_events_count":0,"dropped_links_count":0,
                 "start_time_unix_nano":"%s","end_time_unix_nano":"%s"}
                """.formatted(micros(rootStart), traceId, rootId, service, micros(rootEnd), service,
                unixNanos(rootStart), unixNanos(rootEnd))),
                spans.get(0), "the root first: it starts first");
        assertEquals(tree("""
                {"ts":"%s","trace_id":"%s","span_id":"%s","flux_id":null,"machine_id":"host-7",
                 "entity_name":"%s","gear_id":"io.fluxtap.test.checkout","level":"error","end_ts":"%s",
                 "duration_ns":20000001,"parent_span_id":"%s","trace_state":null,"flags":0,
                 "name":"charge card — ünïcødé ✓","kind":"client","status_code":"error",
                 "status_message":"card declined","scope_name":"io.fluxtap.test.checkout","scope_version":"1.4.2",
                 "scope_attributes":{},"attributes":{},"resource":{"service.name":"%s","host.id":"host-7"},
                 "events":[{"time":"%s","name":"exception","attributes":{"exception.message":"card expired"},
                            "dropped_attributes_count":1}],
                 "links":[{"trace_id":"%s","span_id":"%s","trace_state":"vendor=linked","flags":0,
                           "attributes":{"link.reason":"retry-of"},"dropped_attributes_count":0}],
                 "dropped_attributes_count":0,"dropped_events_count":0,"dropped_links_count":0,
                 "start_time_unix_nano":"%s","end_time_unix_nano":"%s"}
                """.formatted(micros(childStart), traceId, childId, service, micros(childEnd), rootId, service,
                nanos(eventTime), linkedTrace, linkedSpan, unixNanos(childStart), unixNanos(childEnd))), spans.get(1));
    }

    @Test
    void gzippedOtlpJsonWithHexIdsIsStoredAndReadBackExactly() {
        String traceId = randomHex(16);
        String service = "json-" + UUID.randomUUID();
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[
                    {"key":"service.name","value":{"stringValue":"%1$s"}},
                    {"key":"service.instance.id","value":{"stringValue":"instance-3"}}]},
                  "scopeSpans":[{"scope":{"name":"billing","version":"0.9"},"spans":[
                    {"traceId":"%2$s","spanId":"EEE19B7EC3C1B174","parentSpanId":"",
                     "traceState":"fluxtap=1","flags":257,"name":"settle","kind":"SPAN_KIND_CONSUMER",
                     "startTimeUnixNano":"1700000000123456789","endTimeUnixNano":1700000000223456790,
                     "attributes":[{"key":"flux_id","value":{"stringValue":"18446744073709551615"}},
                                   {"key":"bytes","value":{"bytesValue":"AAEC"}},
                                   {"key":"nested","value":{"kvlistValue":{"values":[
                                       {"key":"z","value":{"intValue":"1"}},{"key":"a","value":{"doubleValue":0.5}}]}}}],
                     "droppedAttributesCount":2,
                     "events":[{"timeUnixNano":"1700000000123456790","name":"enqueued","droppedAttributesCount":0}],
                     "droppedEventsCount":3,
                     "links":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B173",
                               "traceState":"k=v","flags":1,"droppedAttributesCount":4}],
                     "droppedLinksCount":5,
                     "status":{"code":"STATUS_CODE_OK","message":"settled"}},
                    {"traceId":"%2$s","spanId":"abcd","name":"bad id: refused on its own",
                     "startTimeUnixNano":"1700000000123456789","endTimeUnixNano":"1700000000123456789"}]}]}]}
                """.formatted(service, traceId.toUpperCase());
        HttpResponse<String> response = TestHttp.post(URI.create(fluxtap.otlpHttpBase() + "/v1/traces"),
                "application/json", TestHttp.gzip(body.getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode partial = json(response).get("partialSuccess");
        assertEquals("1", partial.get("rejectedSpans").asText());
        assertTrue(partial.get("errorMessage").asText().contains("spanId must be 8 bytes"), response.body());

        JsonNode spans = awaitSpans(traceId, 1);

        assertEquals(tree("""
                {"ts":"2023-11-14T22:13:20.123456Z","trace_id":"%s","span_id":"eee19b7ec3c1b174",
                 "flux_id":"18446744073709551615","machine_id":"instance-3","entity_name":"%s","gear_id":"billing",
                 "level":"info","end_ts":"2023-11-14T22:13:20.223456Z","duration_ns":100000001,
                 "parent_span_id":null,"trace_state":"fluxtap=1","flags":257,"name":"settle","kind":"consumer",
                 "status_code":"ok","status_message":"settled","scope_name":"billing","scope_version":"0.9",
                 "scope_attributes":{},"attributes":{"bytes":"AAEC","nested":{"z":1,"a":0.5}},
                 "resource":{"service.name":"%s","service.instance.id":"instance-3"},
                 "events":[{"time":"2023-11-14T22:13:20.123456790Z","name":"enqueued","attributes":{},
                            "dropped_attributes_count":0}],
                 "links":[{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b173",
                           "trace_state":"k=v","flags":1,"attributes":{},"dropped_attributes_count":4}],
                 "dropped_attributes_count":2,"dropped_events_count":3,"dropped_links_count":5,
                 "start_time_unix_nano":"1700000000123456789","end_time_unix_nano":"1700000000223456790"}
                """.formatted(traceId, service, service)), spans.get(0));
        assertEquals(List.of("z", "a"), fieldNames(spans.get(0).get("attributes").get("nested")), "kvlist order kept");
    }

    @Test
    void theUpstreamTraceExampleIsStoredAndReadBackExactly() throws IOException {
        Path example = EXAMPLES.resolve("trace.json");
        assertTrue(Files.isRegularFile(example), "OTLP conformance example " + example.toAbsolutePath()
                + " is missing: the test expects the shared/ checkout next to the repository");
        HttpResponse<String> response = TestHttp.post(URI.create(fluxtap.otlpHttpBase() + "/v1/traces"),
                "application/json", Files.readAllBytes(example));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{}", response.body(), "full success");

        JsonNode spans = awaitSpans("5b8efff798038103d269b633813fc60c", 1);

        assertEquals(tree("""
                {"ts":"2018-12-13T14:51:00.000000Z","trace_id":"5b8efff798038103d269b633813fc60c",
                 "span_id":"eee19b7ec3c1b174","flux_id":null,"machine_id":null,"entity_name":"my.service",
                 "gear_id":"my.library","level":"info","end_ts":"2018-12-13T14:51:01.000000Z",
                 "duration_ns":1000000000,"parent_span_id":"eee19b7ec3c1b173","trace_state":null,"flags":0,
                 "name":"I'm a server span","kind":"server","status_code":"unset","status_message":null,
                 "scope_name":"my.library","scope_version":"1.0.0",
                 "scope_attributes":{"my.scope.attribute":"some scope attribute"},"attributes":{"my.span.attr":"some value"},
                 "resource":{"service.name":"my.service"},"events":[],"links":[],
                 "dropped_attributes_count":0,"dropped_events_count":0,"dropped_links_count":0,
                 "start_time_unix_nano":"1544712660000000000","end_time_unix_nano":"1544712661000000000"}
                """), spans.get(0));
    }

    @Test
    void anUnknownTraceIs404AndABadIdIs400() {
        HttpResponse<String> unknown = get(fluxtap.api("/api/v1/traces/" + randomHex(16)));
        assertEquals(404, unknown.statusCode());
        assertTrue(json(unknown).get("error").asText().startsWith("no spans stored for trace"), unknown.body());
        HttpResponse<String> bad = get(fluxtap.api("/api/v1/traces/not-a-trace-id"));
        assertEquals(400, bad.statusCode());
        assertEquals("a trace id is 32 hex characters, was 'not-a-trace-id'", json(bad).get("error").asText());
    }

    /** Polls the API until the trace has the expected number of spans; spans are P2, stored asynchronously. */
    private JsonNode awaitSpans(String traceId, int count) {
        return await(WAIT, () -> {
            HttpResponse<String> response = get(fluxtap.api("/api/v1/traces/" + traceId));
            return response.statusCode() == 200 ? json(response).get("spans") : null;
        }, spans -> spans != null && spans.size() == count);
    }

    /** Object nodes compare as maps (key order aside), numbers by value as parsed: whole documents can be compared. */
    private static JsonNode tree(String json) {
        try {
            return TestHttp.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("bad expected JSON in the test", e);
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** OTLP's time field as the API writes it: unsigned decimal nanoseconds since the epoch. */
    private static String unixNanos(Instant instant) {
        return Long.toUnsignedString(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    private static String micros(Instant instant) {
        return MICROS.format(instant);
    }

    private static String nanos(Instant instant) {
        return NANOS.format(instant);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
