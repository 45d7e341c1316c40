package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.SpanRecord.SpanKind;
import io.fluxtap.api.SpanRecord.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic traces for the sampling tests: a checkout request through several services (frontend, checkout, cart,
 * payments, inventory, a database), some failing somewhere in the middle, some slow, some with a late span (an
 * asynchronous notifier that reports after the request is over). Each trace carries the facts the generator chose
 * (error, duration, tier, HTTP status), from which the tests derive the expected decisions without asking the
 * policies.
 */
final class TraceGenerator {

    static final String[] SERVICES = {"checkout", "cart", "payments", "inventory", "postgres"};
    static final String[] TIERS = {"gold", "silver", "free"};

    /**
     * @param spans       the spans sent while the request runs (root span last, as exporters send it when it ends)
     * @param lateSpans   spans that arrive after the trace is decided (may be empty)
     * @param error       whether some span failed
     * @param durationMs  the root span's duration, which contains every other span
     * @param tier        the root span's {@code customer.tier}
     * @param httpStatus  the root span's {@code http.response.status_code}
     */
    record GeneratedTrace(String traceId, List<SpanRecord> spans, List<SpanRecord> lateSpans, boolean error,
                          long durationMs, String tier, long httpStatus) {

        int spanCount() {
            return spans.size() + lateSpans.size();
        }
    }

    private final Random random;
    private final Instant epoch;

    TraceGenerator(long seed, Instant epoch) {
        this.random = new Random(seed);
        this.epoch = epoch;
    }

    List<GeneratedTrace> traces(int count) {
        List<GeneratedTrace> traces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            traces.add(trace(i));
        }
        return traces;
    }

    GeneratedTrace trace(int index) {
        String traceId = hex(16);
        boolean slow = random.nextInt(100) < 20;
        boolean error = random.nextInt(100) < 15;
        long durationMs = slow ? 1_500 + random.nextInt(2_500) : 20 + random.nextInt(380);
        String tier = TIERS[random.nextInt(TIERS.length)];
        long httpStatus = error ? (random.nextBoolean() ? 500 : 503) : 200;
        Instant start = epoch.plusMillis(index * 37L);
        Instant end = start.plusMillis(durationMs);
        String rootId = hex(8);
        int children = 2 + random.nextInt(5);
        int failing = error ? random.nextInt(children) : -1;
        List<SpanRecord> spans = new ArrayList<>();
        for (int c = 0; c < children; c++) {
            String service = SERVICES[random.nextInt(SERVICES.length)];
            long offset = random.nextLong(durationMs / 2 + 1);
            long length = 1 + random.nextLong(Math.max(1, durationMs - offset - 1));
            spans.add(span(traceId, hex(8), rootId, service, service.equals("postgres") ? "SELECT orders" : "call " + service,
                    SpanKind.CLIENT, start.plusMillis(offset), start.plusMillis(offset + length),
                    c == failing ? StatusCode.ERROR : StatusCode.UNSET, Map.of("peer.service", service)));
        }
        Map<String, Object> rootAttributes = new LinkedHashMap<>();
        rootAttributes.put("http.request.method", "POST");
        rootAttributes.put("customer.tier", tier);
        rootAttributes.put("http.response.status_code", httpStatus);
        spans.add(span(traceId, rootId, null, "frontend", "POST /checkout", SpanKind.SERVER, start, end,
                error ? StatusCode.ERROR : StatusCode.OK, rootAttributes));
        List<SpanRecord> late = random.nextInt(100) < 30
                ? List.of(span(traceId, hex(8), rootId, "notifier", "send receipt", SpanKind.CONSUMER,
                        start.plusMillis(1), start.plusMillis(2), StatusCode.UNSET, Map.of()))
                : List.of();
        return new GeneratedTrace(traceId, List.copyOf(spans), late, error, durationMs, tier, httpStatus);
    }

    static SpanRecord span(String traceId, String spanId, String parent, String service, String name, SpanKind kind,
                           Instant start, Instant end, StatusCode status, Map<String, Object> attributes) {
        return new SpanRecord(traceId, spanId, parent, null, 1, name, kind, start, end, status, null, null,
                service + "-1", service, null, "io.fluxtap.test", "1.0", attributes,
                Map.of("service.name", service, "deployment.environment", "prod"), List.of(), List.of(), 0, 0, 0);
    }

    /** A span of the given trace, for tests that build traces by hand. */
    static SpanRecord span(String traceId, String parent, Duration length, StatusCode status) {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        return span(traceId, HexFormat.of().formatHex(new byte[]{1, 2, 3, 4, 5, 6, 7, (byte) traceId.hashCode()}),
                parent, "svc", "op", SpanKind.INTERNAL, start, start.plus(length), status, Map.of());
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
