package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;

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

    private static final List<String> FIELDS = List.of("name", "role", "password");
    private static final String EXAMPLE = "{\"name\":\"alice\",\"role\":\"viewer\",\"password\":\"...\"}";

    private final AccessControl access;

    @Inject
    public UsersResource(AccessControl access) {
        this.access = access;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response add(String body, @Context ContainerRequestContext request) {
        return add(access.users(), body, LaneAuditTrail.callerName(), LaneAuditTrail.callerAddress(request))
                .response();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        return AdminJson.users(access.users()).toString();
    }

    @DELETE
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response remove(@PathParam("name") String name, @Context ContainerRequestContext request) {
        return remove(access.users(), name, LaneAuditTrail.callerName(), LaneAuditTrail.callerAddress(request))
                .response();
    }

    /** {@code POST /api/v1/users} on {@code users}: the same answer whether a request or the offline CLI asks. */
    static AdminJson.Answer add(UserBook users, String body, String who, String from) {
        AdminJson.Body parsed = AdminJson.object(body, FIELDS, EXAMPLE);
        if (parsed.refusal() != null) {
            return parsed.refusal();
        }
        JsonNode node = parsed.node();
        JsonNode password = node.get("password");
        if (password == null || !password.isTextual()) {
            return AdminJson.Answer.error(400, "password is needed, as text");
        }
        try {
            JsonNode role = node.get("role");
            JsonNode name = node.get("name");
            DashboardAccount added = users.add(name == null || !name.isTextual() ? null : name.asText(),
                    Role.parse(role == null ? "" : role.asText()), password.asText().toCharArray(), who, from);
            return new AdminJson.Answer(201, AdminJson.user(added));
        } catch (IllegalArgumentException e) {
            return AdminJson.Answer.error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return AdminJson.Answer.error(409, e.getMessage());
        } catch (StoreException e) {
            return AdminJson.Answer.error(503, "the user could not be stored: " + e.getMessage());
        }
    }

    /** {@code DELETE /api/v1/users/{name}} on {@code users}. */
    static AdminJson.Answer remove(UserBook users, String name, String who, String from) {
        try {
            if (!users.remove(name, who, from)) {
                return AdminJson.Answer.error(404, "no user named '" + name + "'");
            }
        } catch (IllegalStateException e) {
            return AdminJson.Answer.error(409, e.getMessage());
        } catch (StoreException e) {
            return AdminJson.Answer.error(503, "the removal could not be stored: " + e.getMessage());
        }
        return new AdminJson.Answer(204, null);
    }
}
