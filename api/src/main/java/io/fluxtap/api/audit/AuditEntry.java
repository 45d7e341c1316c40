package io.fluxtap.api.audit;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audited action (a sign-in, a user added, a silence made, a reload ...), as the record {@link AuditTrail}
 * writes: {@code entity_name = 'fluxtap'}, {@code gear_id} = the gear, {@code audit=true} (lane P1, never shed), who,
 * what, when (the record's time), from where. Never a password or a secret.
 *
 * @param gear   what the action is about: {@code users}, {@code dashboard} (sign-ins and what users do there),
 *               {@code silences}, {@code reload}, {@code backup}
 * @param action e.g. {@code login}, {@code login refused}, {@code user add}
 * @param who    the user (or token) acting; for a sign-in, the name typed; null: the caller of the request being
 *               served, which the trail fills in (its token, {@code (no token)} without access control)
 * @param from   the client's address, or what the admin API knows of its caller; null: the request's, filled in
 * @param what   more about it; may be empty
 */
public record AuditEntry(String gear, String action, String who, String from, String what) {

    /** An action of the caller of the request being served: the trail names the caller and its address. */
    public static AuditEntry ofCaller(String gear, String action, String what) {
        return new AuditEntry(gear, action, null, null, what);
    }

    /** The log record that keeps it. */
    public LogRecord record(Instant now) {
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
