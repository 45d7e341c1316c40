package io.fluxtap.ui.traces;

import java.time.Instant;

/**
 * One span as the waterfall shows it.
 *
 * @param depth how many ancestors it has in the trace (0 for a root or an orphan whose parent is missing)
 */
record SpanRow(String spanId, String parentSpanId, String service, String name, String kind, Instant start,
               long durationNanos, String status, String statusMessage, String attributes, String resource,
               String events, String links, int depth) {

    SpanRow atDepth(int newDepth) {
        return new SpanRow(spanId, parentSpanId, service, name, kind, start, durationNanos, status, statusMessage,
                attributes, resource, events, links, newDepth);
    }

    boolean error() {
        return "error".equalsIgnoreCase(status);
    }
}
