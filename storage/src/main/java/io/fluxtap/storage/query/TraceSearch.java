package io.fluxtap.storage.query;

import java.time.Instant;
import java.util.Map;

/**
 * A trace search: every non-null criterion must hold. Service, operation, status and attributes must hold for
 * one and the same span of the trace; the time range bounds that span's start; the durations bound the trace's
 * (first start to last end).
 *
 * @param status     a span status as stored: {@code unset}, {@code ok} or {@code error}
 * @param attributes span (or resource) attribute key to the value's text
 * @param limit      the most traces to return, 1 to {@link #MAX_LIMIT}
 * @param after      null for the first page, else the {@code next_cursor} of the page before
 */
public record TraceSearch(String service, String operation, String status, Map<String, String> attributes,
                          Long minDurationNanos, Long maxDurationNanos, Instant from, Instant to, int limit,
                          TraceCursor after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1000;

    public TraceSearch {
        attributes = Map.copyOf(attributes);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }
}
