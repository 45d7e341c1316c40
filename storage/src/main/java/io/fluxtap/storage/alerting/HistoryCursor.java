package io.fluxtap.storage.alerting;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a history's order {@code (ts DESC, id DESC)} for keyset pagination: the next page holds the records
 * older than the last one handed out, or of the same microsecond with a smaller id. Ids are unique per history, so
 * no tie is left to count. Clients see an opaque token (URL-safe base64), as with the logs API's cursor.
 *
 * @param tsMicros the last record's time, microseconds since the epoch
 * @param id       its id
 */
record HistoryCursor(long tsMicros, long id) {

    private static final String VERSION = "h1";

    String encode() {
        String plain = VERSION + ":" + tsMicros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** Null for an absent or empty parameter. @throws IllegalArgumentException for anything this class did not encode */
    static HistoryCursor decode(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 3 && parts[0].equals(VERSION)) {
                return new HistoryCursor(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException and bad base64 are IllegalArgumentExceptions: the same answer as a bad layout
        }
        throw new IllegalArgumentException("cursor: '" + (token.length() > 64 ? token.substring(0, 64) + "..." : token)
                + "' is not a cursor this server handed out (use next_cursor from an earlier answer)");
    }
}
