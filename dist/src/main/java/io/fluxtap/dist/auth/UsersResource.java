package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.StoreException;
import io.fluxtap.api.auth.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Set;

/**
 * The admin API of the dashboard's users (scope {@code admin}, as the tokens): {@code POST /api/v1/users} with
 * {@code {"name": "alice", "role": "viewer", "password": "..."}} answers 201 without the password; {@code GET} lists
 * names, roles and creation times; {@code DELETE /api/v1/users/{name}} removes one (204, 404 when there is none).
 * 400 for a body that is no such object or a password too short, 409 for a name in use. A removed user's open
 * dashboard sessions end at their next request (the dashboard looks the user up again on each, see
 * {@link DashboardLoginService#current}).
 */
@Path("/api/v1/users")
@ApplicationScoped
public class UsersResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "role", "password");
    private static final String EXAMPLE = "{\"name\":\"alice\",\"role\":\"viewer\",\"password\":\"...\"}";

    private final AccessControl access;

    @Inject
    public UsersResource(AccessControl access) {
        this.access = access;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response add(String body, @Context ContainerRequestContext request) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return error(400, "the body must be a JSON object such as " + EXAMPLE);
        }
        if (node == null || !node.isObject()) {
            return error(400, "the body must be a JSON object such as " + EXAMPLE);
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                return error(400, "unknown field '" + field + "' (fields: name, role, password)");
            }
        }
        JsonNode password = node.get("password");
        if (password == null || !password.isTextual()) {
            return error(400, "password is needed, as text");
        }
        try {
            JsonNode role = node.get("role");
            JsonNode name = node.get("name");
            DashboardAccount added = access.users().add(name == null || !name.isTextual() ? null : name.asText(),
                    Role.parse(role == null ? "" : role.asText()), password.asText().toCharArray(),
                    LaneAuditTrail.callerName(), LaneAuditTrail.callerAddress(request));
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(describe(added).toString()).build();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (StoreException e) {
            return error(503, "the user could not be stored: " + e.getMessage());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode users = root.putArray("users");
        UserBook book = access.users();
        book.list().forEach(u -> users.add(describe(u).put("source", book.isConfigured(u.name()) ? "file" : "api")));
        return root.toString();
    }

    @DELETE
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response remove(@PathParam("name") String name, @Context ContainerRequestContext request) {
        try {
            if (!access.users().remove(name, LaneAuditTrail.callerName(), LaneAuditTrail.callerAddress(request))) {
                return error(404, "no user named '" + name + "'");
            }
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (StoreException e) {
            return error(503, "the removal could not be stored: " + e.getMessage());
        }
        return Response.noContent().build();
    }

    private static ObjectNode describe(DashboardAccount account) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", account.name());
        node.put("role", account.role().label());
        node.put("created", account.created().toString());
        return node;
    }

    private static Response error(int status, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", "error");
        node.put("error", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(node.toString()).build();
    }
}
