package io.fluxtap.ingestion.messages;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} header of a request: its messages carry the caller's trace id and
 * span id, so they can be found from the trace that sent them.
 *
 * @param traceId 32 lowercase hex characters
 * @param spanId  16 lowercase hex characters, the caller's span (the header's parent-id)
 */
record TraceParent(String traceId, String spanId) {

    private static final Pattern VERSION_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    /** Later versions may append fields; their first four parts keep version 00's meaning. */
    private static final Pattern LATER_VERSION =
            Pattern.compile("(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** Empty for a missing or invalid header, which the specification says to ignore. */
    static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        var matcher = value.startsWith("00-") ? VERSION_00.matcher(value) : LATER_VERSION.matcher(value);
        if (!matcher.matches() || matcher.group(1).equals(ZERO_TRACE) || matcher.group(2).equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(matcher.group(1), matcher.group(2)));
    }
}
