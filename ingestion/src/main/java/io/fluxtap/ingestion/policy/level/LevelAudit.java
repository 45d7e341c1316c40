package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a level change into its audit record: {@code entity_name = 'fluxtap'}, {@code gear_id = 'levels'},
 * {@code audit=true} (lane P1, never shed), with the old and new level, TTL, reason and caller as attributes.
 */
final class LevelAudit {

    private LevelAudit() {
    }

    static LogRecord record(LevelChange change, Clock clock) {
        Instant now = clock.instant();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("audit", true);
        attributes.put("action", change.action());
        attributes.put("logger".equals(change.action()) ? "logger" : "service", change.subject());
        attributes.put("old_level", label(change.oldLevel()));
        attributes.put("new_level", label(change.newLevel()));
        if (change.ttl() != null) {
            attributes.put("ttl", change.ttl().toString());
        }
        attributes.put("reason", change.reason() == null ? "" : change.reason());
        attributes.put("caller", change.caller() == null ? "" : change.caller());
        String body = ("logger".equals(change.action()) ? "logger " : "level " + change.action() + " ")
                + change.subject() + ": " + label(change.oldLevel()) + " -> " + label(change.newLevel())
                + (change.ttl() == null ? "" : " for " + change.ttl()) + " by " + change.caller()
                + (change.reason() == null || change.reason().isEmpty() ? "" : " (" + change.reason() + ")");
        return new LogRecord(now, now, null, null, null, null, "fluxtap", "levels", Level.INFO,
                Level.INFO.severityNumber(), body, attributes, Map.of("service.name", "fluxtap"));
    }

    private static String label(Level level) {
        return level == null ? "inherit" : level.label();
    }
}
