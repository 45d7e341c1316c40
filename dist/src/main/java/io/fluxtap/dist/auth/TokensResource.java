package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.StoreException;
import io.fluxtap.api.auth.Scope;
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
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The admin API of the tokens (scope {@code admin}): {@code POST /api/v1/tokens} with {@code {"name": "ci-sender",
 * "scopes": ["ingest"], "expires_in": "30d"}} answers 201 with the secret, the only time it is shown;
 * {@code GET} lists them without secrets; {@code DELETE /api/v1/tokens/{name}} revokes one at once (204, 404 when
 * there is none). 400 for a body that is no such object, 409 for a name in use.
 */
@Path("/api/v1/tokens")
@ApplicationScoped
public class TokensResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "scopes", "expires_in");

    private final AccessControl access;

    @Inject
    public TokensResource(AccessControl access) {
        this.access = access;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context ContainerRequestContext request) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return error(400, "the body must be a JSON object such as {\"name\":\"ci-sender\",\"scopes\":[\"ingest\"]}");
        }
        if (node == null || !node.isObject()) {
            return error(400, "the body must be a JSON object such as {\"name\":\"ci-sender\",\"scopes\":[\"ingest\"]}");
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                return error(400, "unknown field '" + field + "' (fields: name, scopes, expires_in)");
            }
        }
        try {
            Set<Scope> scopes = scopes(node.get("scopes"));
            JsonNode expires = node.get("expires_in");
            Duration expiresIn = expires == null || expires.isNull() ? null
                    : DurationText.parse("expires_in", expires.asText());
            JsonNode name = node.get("name");
            TokenBook.Created created = access.book().create(name == null || !name.isTextual() ? null : name.asText(),
                    scopes, expiresIn, caller(request));
            ObjectNode answer = describe(created.token());
            answer.put("secret", created.secret());
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(answer.toString()).build();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (StoreException e) {
            return error(503, "the token could not be stored: " + e.getMessage());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode tokens = root.putArray("tokens");
        access.book().list().forEach(t -> tokens.add(describe(t)));
        return root.toString();
    }

    @DELETE
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("name") String name, @Context ContainerRequestContext request) {
        try {
            if (!access.book().revoke(name, caller(request))) {
                return error(404, "no token named '" + name + "'");
            }
        } catch (StoreException e) {
            return error(503, "the revocation could not be stored: " + e.getMessage());
        }
        return Response.noContent().build();
    }

    private static Set<Scope> scopes(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("scopes is needed (ingest, read, write, admin)");
        }
        if (node.isTextual()) {
            return Scope.parseList(node.asText());
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("scopes must be a list such as [\"ingest\", \"read\"]");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        node.forEach(s -> scopes.add(Scope.parse(s.asText())));
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must name at least one scope (ingest, read, write, admin)");
        }
        return scopes;
    }

    private static ObjectNode describe(ApiToken token) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", token.name());
        ArrayNode scopes = node.putArray("scopes");
        for (Scope scope : Scope.values()) {
            if (token.scopes().contains(scope)) {
                scopes.add(scope.label());
            }
        }
        node.put("created", token.created().toString());
        node.put("last_used", token.lastUsed() == null ? null : token.lastUsed().toString());
        node.put("expires_at", token.expiresAt() == null ? null : token.expiresAt().toString());
        return node;
    }

    /** The token that asked (access control on) and the address it came from. */
    static String caller(ContainerRequestContext request) {
        String from = LaneAuditTrail.callerAddress(request);
        String token = LaneAuditTrail.callerToken();
        return token == null ? from : token + " from " + from;
    }

    private static Response error(int status, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", "error");
        node.put("error", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(node.toString()).build();
    }
}
