package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.SpanRecord;

import java.util.List;
import java.util.Map;

/**
 * About how many bytes of heap a buffered span holds: object headers and fields at a 64-bit JVM's compressed sizes,
 * strings at one byte a character (compact strings; more for text beyond Latin-1, so this is a floor there), map
 * entries with their nodes. The resource map is counted with every span although the spans of one request share
 * it, so a buffer of many small requests is over-counted rather than under: the bound errs towards deciding early.
 * Measuring the real retained size would take an agent or walking the graph per span; the estimate needs neither.
 */
final class SpanBytes {

    private static final long SPAN = 160;
    private static final long STRING = 40;
    private static final long MAP = 64;
    private static final long ENTRY = 40;
    private static final long BOXED = 24;
    private static final long LIST = 40;
    private static final long REFERENCE = 8;
    private static final long EVENT = 48;
    private static final long LINK = 56;

    private SpanBytes() {
    }

    static long of(SpanRecord span) {
        long bytes = SPAN + text(span.traceId()) + text(span.spanId()) + text(span.parentSpanId())
                + text(span.traceState()) + text(span.name()) + text(span.statusMessage()) + text(span.machineId())
                + text(span.entityName()) + text(span.gearId()) + text(span.scopeName()) + text(span.scopeVersion())
                + map(span.attributes()) + map(span.resource()) + map(span.scopeAttributes());
        for (SpanRecord.Event event : span.events()) {
            bytes += REFERENCE + EVENT + text(event.name()) + map(event.attributes());
        }
        for (SpanRecord.Link link : span.links()) {
            bytes += REFERENCE + LINK + text(link.traceId()) + text(link.spanId()) + text(link.traceState())
                    + map(link.attributes());
        }
        return bytes;
    }

    private static long text(String text) {
        return text == null ? 0 : STRING + text.length();
    }

    private static long map(Map<?, ?> map) {
        if (map == null) {
            return 0;
        }
        long bytes = MAP;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            bytes += ENTRY + value(entry.getKey()) + value(entry.getValue());
        }
        return bytes;
    }

    private static long value(Object value) {
        return switch (value) {
            case null -> 0;
            case String text -> text(text);
            case Map<?, ?> map -> map(map);
            case List<?> list -> LIST + list.stream().mapToLong(v -> REFERENCE + value(v)).sum();
            case byte[] raw -> 16 + raw.length;
            default -> BOXED;
        };
    }
}
