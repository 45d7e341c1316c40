package io.fluxtap.dist.auth;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audited action of the dashboard's users (a sign-in, a refused one, a user added ...), shaped as the token
 * changes' records ({@code entity_name = 'fluxtap'}, {@code audit=true}, lane P1): who, what, when (the record's
 * time), from where. Never a password.
 *
 * @param gear   {@code users} for user management, {@code dashboard} for sign-ins and what users do there,
 *               {@code backup} for backups
 * @param action e.g. {@code login}, {@code login refused}, {@code user add}
 * @param who    the user (or token) acting; for a sign-in, the name typed
 * @param from   the client's address, or what the admin API knows of its caller
 * @param what   more about it; may be empty
 */
public record AuditEntry(String gear, String action, String who, String from, String what) {

    LogRecord record(Instant now) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("audit", true);
        attributes.put("action", action);
        attributes.put("user", who == null ? "" : who);
        attributes.put("from", from == null ? "" : from);
        if (what != null && !what.isEmpty()) {
            attributes.put("what", what);
        }
        String body = action + " by " + who + " from " + from + (what == null || what.isEmpty() ? "" : ": " + what);
        Level level = action.contains("refused") || action.contains("throttled") || action.contains("failed")
                ? Level.WARN : Level.INFO;
        return new LogRecord(now, now, null, null, null, null, "fluxtap", gear, level, level.severityNumber(), body,
                attributes, Map.of("service.name", "fluxtap"));
    }
}
