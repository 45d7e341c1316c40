package io.fluxtap.dist.auth;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to the tokens, for the audit trail.
 *
 * @param action    {@code create} or {@code revoke}
 * @param scopes    comma-separated
 * @param expiresAt null for never
 * @param caller    the token (or address) that asked for it
 */
public record TokenChange(String action, String name, String scopes, Instant expiresAt, String caller) {

    /**
     * As its audit record, shaped as the other audit records ({@code entity_name = 'fluxtap'}, {@code audit=true},
     * lane P1), with {@code gear_id = 'tokens'}. Never the secret.
     */
    LogRecord record(Instant now) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("audit", true);
        attributes.put("action", "token " + action);
        attributes.put("token", name);
        attributes.put("scopes", scopes);
        if (expiresAt != null) {
            attributes.put("expires_at", expiresAt.toString());
        }
        attributes.put("caller", caller == null ? "" : caller);
        String body = "token " + action + " " + name + " (" + scopes + ")"
                + (expiresAt == null ? "" : " expiring " + expiresAt) + " by " + caller;
        return new LogRecord(now, now, null, null, null, null, "fluxtap", "tokens", Level.INFO,
                Level.INFO.severityNumber(), body, attributes, Map.of("service.name", "fluxtap"));
    }
}
