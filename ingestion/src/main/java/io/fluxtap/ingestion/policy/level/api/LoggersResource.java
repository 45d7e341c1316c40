package io.fluxtap.ingestion.policy.level.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.Level;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.ingestion.policy.level.LevelService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * {@code /api/v1/loggers}: Fluxtap's own logger levels. {@code GET} lists {@code {"loggers": [{"name", "level",
 * "effective"}]}} (root first; {@code level} null when inherited); {@code PUT /api/v1/loggers/{name}}
 * {@code {"level": "debug"}} sets one ({@code root} is the root logger; {@code "level": null} inherits again),
 * audited like a service's level. 400 for a body that is no JSON object, 422 for an unknown level or a bad name.
 */
@Path("/api/v1/loggers")
@ApplicationScoped
public class LoggersResource {

    private final LevelService levels;

    @Inject
    public LoggersResource(LevelService levels) {
        this.levels = levels;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode loggers = root.putArray("loggers");
        levels.loggers().forEach(l -> loggers.add(Json.logger(l)));
        return Json.ok(root);
    }

    @PUT
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response set(@PathParam("name") String name, String body, @Context ContainerRequestContext request) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Json.error(400, "the body is no JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject() || !node.has("level") || node.size() != 1) {
            return Json.error(400, "the body must be a JSON object {\"level\": \"debug\"}", "level");
        }
        JsonNode value = node.get("level");
        Level level = null;
        if (!value.isNull()) {
            String text = value.isTextual() ? value.asText().strip().toLowerCase(Locale.ROOT) : value.toString();
            try {
                level = Level.parseLabel(text);
            } catch (IllegalArgumentException e) {
                level = Level.UNSPECIFIED;
            }
            if (level == Level.UNSPECIFIED || !level.label().equals(text)) {
                return Json.error(422, "unknown level " + value + " (expected one of trace, debug, info, warn, "
                        + "error, fatal, or null to inherit)", "level");
            }
        }
        try {
            return Json.ok(Json.logger(levels.setLogger(name, level, Callers.of(request))));
        } catch (LevelRequestException e) {
            return Json.error(422, e.getMessage(), e.field());
        }
    }
}
