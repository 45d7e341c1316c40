package io.fluxtap.ingestion.policy.level.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.Level;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LoggerLevel;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** The JSON shapes of the level API. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode override(LevelOverride o) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("service", o.service())
                .put("level", o.level().label())
                .put("reason", o.reason())
                .put("set_by", o.setBy())
                .put("set_at", o.setAt().toString());
        instant(node, "expires_at", o.expiresAt());
        return node.put("version", o.version()).put("throttled", o.throttled());
    }

    static ObjectNode logger(LoggerLevel l) {
        ObjectNode node = MAPPER.createObjectNode().put("name", l.name());
        level(node, "level", l.level());
        level(node, "effective", l.effective());
        return node;
    }

    static void instant(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, instant.toString());
        }
    }

    static void level(ObjectNode node, String field, Level level) {
        if (level == null) {
            node.putNull(field);
        } else {
            node.put(field, level.label());
        }
    }

    static Response ok(Object entity) {
        return Response.ok(entity.toString(), MediaType.APPLICATION_JSON).build();
    }

    /** {@code {"error": "...", "field": "..."}}; field omitted when null. */
    static Response error(int status, String message, String field) {
        ObjectNode node = MAPPER.createObjectNode().put("error", message);
        if (field != null) {
            node.put("field", field);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(node.toString()).build();
    }
}
