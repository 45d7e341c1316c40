package io.fluxtap.storage.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in the log order {@code (ts, row hash)} for keyset pagination and live tail. Records with the same
 * timestamp are told apart by a hash of every column; records equal in every column (hash and all) cannot be told
 * apart, so the cursor also counts how many of those at its position were handed out already ({@code skip}).
 * Nothing is lost or repeated between pages even when many records share a timestamp.
 *
 * <p>Clients see an opaque token (URL-safe base64); it stays valid while DuckDB's {@code hash()} does, i.e.
 * within one DuckDB version.
 *
 * @param tsMicros the position's timestamp, microseconds since the epoch
 * @param rowHash  the position's row hash
 * @param skip     how many records at exactly (tsMicros, rowHash) are behind the cursor already
 */
public record LogCursor(long tsMicros, long rowHash, long skip) {

    private static final String VERSION = "1";

    public LogCursor {
        if (skip < 1) {
            throw new IllegalArgumentException("a cursor stands after at least one record");
        }
    }

    public String encode() {
        String plain = VERSION + ":" + tsMicros + ":" + rowHash + ":" + skip;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException for anything this class did not encode */
    public static LogCursor decode(String name, String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 4 && parts[0].equals(VERSION)) {
                return new LogCursor(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException and bad base64 are IllegalArgumentExceptions: the same answer as a bad layout
        }
        throw new IllegalArgumentException(name + ": '" + abbreviate(token)
                + "' is not a cursor this server handed out (use next_cursor or cursor from an earlier answer)");
    }

    private static String abbreviate(String token) {
        return token.length() > 64 ? token.substring(0, 64) + "..." : token;
    }
}
