package io.fluxtap.storage.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A position in the trace search order {@code (start DESC, trace id)} for keyset pagination: the next page holds
 * the traces that start earlier, or at the same microsecond with a greater id. Trace ids are unique in a search
 * answer, so unlike {@link LogCursor} no tie is left to count.
 *
 * <p>Clients see an opaque token (URL-safe base64), as with the logs API's cursor.
 *
 * @param startMicros the start of the last trace handed out, microseconds since the epoch
 * @param traceId     its id, 32 lowercase hex characters
 */
public record TraceCursor(long startMicros, String traceId) {

    private static final String VERSION = "t1";
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    public TraceCursor {
        if (!TRACE_ID.matcher(traceId).matches()) {
            throw new IllegalArgumentException("a trace id is 32 lowercase hex characters, was '" + traceId + "'");
        }
    }

    public String encode() {
        String plain = VERSION + ":" + startMicros + ":" + traceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException for anything this class did not encode */
    public static TraceCursor decode(String name, String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 3 && parts[0].equals(VERSION)) {
                return new TraceCursor(Long.parseLong(parts[1]), parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException, bad base64 and a bad id are IllegalArgumentExceptions: the same answer
        }
        throw new IllegalArgumentException(name + ": '" + (token.length() > 64 ? token.substring(0, 64) + "..." : token)
                + "' is not a cursor this server handed out (use next_cursor from an earlier answer)");
    }
}
