package io.fluxtap.tools.loadgen.source;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synthetic traces of a small shop: a SERVER root span on the given service calls cart, payment and
 * inventory, each of which queries its database. A request holds whole traces (the last one cut short when
 * the batch ends inside it), so every parent_span_id names a span of the same request.
 *
 * <p>Bodies are built at send time rather than pooled: a span has two times and so do its children, and
 * building a batch with the protobuf builders costs microseconds, far below one request's round trip.
 */
public final class SyntheticTraces implements PayloadSource {

    static final List<String> DOWNSTREAM = List.of("cart", "payment", "inventory");
    private static final List<String> ROUTES = List.of("/api/checkout", "/api/cart", "/api/products/{id}");
    private static final long MILLI = 1_000_000L;

    private final String rootService;
    private final Map<String, String> extraAttributes;
    private final Clock clock;
    private final long seed;
    private final AtomicLong requests = new AtomicLong();

    /** @param extraAttributes added to every span */
    public SyntheticTraces(String rootService, Map<String, String> extraAttributes, Clock clock, long seed) {
        this.rootService = rootService;
        this.extraAttributes = Map.copyOf(extraAttributes);
        this.clock = clock;
        this.seed = seed;
    }

    @Override
    public Payload next(int maxItems) {
        SplittableRandom random = new SplittableRandom(seed + requests.getAndIncrement());
        long end = unixNanos(clock.instant());
        Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
        int spans = 0;
        while (spans < maxItems) {
            spans += trace(random, end, maxItems - spans, byService);
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, scope) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attribute("service.name", service))
                        .addAttributes(attribute("deployment.environment.name", "loadgen")))
                .addScopeSpans(scope)));
        return new Payload(request.build().toByteArray(), Encoding.PROTOBUF.contentType(), maxItems);
    }

    /** Adds up to {@code room} spans of one trace, parents before their children; returns how many. */
    private int trace(SplittableRandom random, long end, int room, Map<String, ScopeSpans.Builder> byService) {
        ByteString traceId = ids(random, 16);
        long rootMillis = 20 + random.nextInt(180);
        long rootStart = end - rootMillis * MILLI;
        String route = ROUTES.get(random.nextInt(ROUTES.size()));
        int status = random.nextInt(50) == 0 ? 500 : 200;
        Span.Builder root = span(traceId, ids(random, 8), ByteString.EMPTY, "GET " + route, Span.SpanKind.SPAN_KIND_SERVER,
                rootStart, end, status == 500)
                .addAttributes(attribute("http.request.method", "GET"))
                .addAttributes(attribute("http.route", route))
                .addAttributes(attribute("http.response.status_code", status));
        add(byService, rootService, root);
        int added = 1;
        long slot = rootMillis * MILLI / (DOWNSTREAM.size() + 1);
        for (int i = 0; i < DOWNSTREAM.size() && added < room; i++) {
            String service = DOWNSTREAM.get(i);
            long callStart = rootStart + i * slot + MILLI;
            long callEnd = callStart + slot - MILLI;
            ByteString clientId = ids(random, 8);
            add(byService, rootService, span(traceId, clientId, root.getSpanId(), "POST /" + service,
                    Span.SpanKind.SPAN_KIND_CLIENT, callStart, callEnd, false)
                    .addAttributes(attribute("server.address", service))
                    .addAttributes(attribute("http.request.method", "POST")));
            added++;
            if (added == room) {
                break;
            }
            ByteString serverId = ids(random, 8);
            add(byService, service, span(traceId, serverId, clientId, "POST /" + service,
                    Span.SpanKind.SPAN_KIND_SERVER, callStart + MILLI / 10, callEnd - MILLI / 10, false)
                    .addAttributes(attribute("http.route", "/" + service)));
            added++;
            if (added == room) {
                break;
            }
            add(byService, service, span(traceId, ids(random, 8), serverId, "SELECT " + service,
                    Span.SpanKind.SPAN_KIND_CLIENT, callStart + MILLI / 5, callStart + MILLI / 5 + slot / 2, false)
                    .addAttributes(attribute("db.system.name", "postgresql"))
                    .addAttributes(attribute("db.query.text", "SELECT * FROM " + service + " WHERE id = $1")));
            added++;
        }
        return added;
    }

    private Span.Builder span(ByteString traceId, ByteString spanId, ByteString parent, String name,
                              Span.SpanKind kind, long start, long end, boolean error) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(spanId)
                .setParentSpanId(parent)
                .setName(name)
                .setKind(kind)
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(end)
                .setStatus(Status.newBuilder().setCode(error
                        ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET));
        extraAttributes.forEach((key, value) -> span.addAttributes(attribute(key, value)));
        return span;
    }

    private static void add(Map<String, ScopeSpans.Builder> byService, String service, Span.Builder span) {
        byService.computeIfAbsent(service, s -> ScopeSpans.newBuilder()).addSpans(span);
    }

    private static ByteString ids(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] |= 1; // all-zero ids are invalid in OTLP
        return ByteString.copyFrom(bytes);
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static long unixNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    @Override
    public String description() {
        return "synthetic traces (" + rootService + " -> " + String.join(", ", DOWNSTREAM) + ")";
    }
}
