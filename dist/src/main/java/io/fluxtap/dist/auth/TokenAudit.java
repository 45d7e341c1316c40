package io.fluxtap.dist.auth;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token change as its audit record, shaped as the level changes' ({@code entity_name = 'fluxtap'},
 * {@code audit=true}, lane P1, never level-filtered), with {@code gear_id = 'tokens'}. Never the secret.
 */
final class TokenAudit {

    private TokenAudit() {
    }

    static LogRecord record(TokenChange change, Instant now) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("audit", true);
        attributes.put("action", "token " + change.action());
        attributes.put("token", change.name());
        attributes.put("scopes", change.scopes());
        if (change.expiresAt() != null) {
            attributes.put("expires_at", change.expiresAt().toString());
        }
        attributes.put("caller", change.caller() == null ? "" : change.caller());
        String body = "token " + change.action() + " " + change.name() + " (" + change.scopes() + ")"
                + (change.expiresAt() == null ? "" : " expiring " + change.expiresAt()) + " by " + change.caller();
        return new LogRecord(now, now, null, null, null, null, "fluxtap", "tokens", Level.INFO,
                Level.INFO.severityNumber(), body, attributes, Map.of("service.name", "fluxtap"));
    }
}
