package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
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

    private static final List<String> FIELDS = List.of("name", "scopes", "expires_in");

    private final AccessControl access;

    @Inject
    public TokensResource(AccessControl access) {
        this.access = access;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context ContainerRequestContext request) {
        return create(access.book(), body, caller(request)).response();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        return AdminJson.tokens(access.book()).toString();
    }

    @DELETE
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("name") String name, @Context ContainerRequestContext request) {
        return revoke(access.book(), name, caller(request)).response();
    }

    /** {@code POST /api/v1/tokens} on {@code book}: the same answer whether a request or the offline CLI asks. */
    static AdminJson.Answer create(TokenBook book, String body, String caller) {
        AdminJson.Body parsed = AdminJson.object(body, FIELDS, "{\"name\":\"ci-sender\",\"scopes\":[\"ingest\"]}");
        if (parsed.refusal() != null) {
            return parsed.refusal();
        }
        JsonNode node = parsed.node();
        try {
            Set<Scope> scopes = scopes(node.get("scopes"));
            JsonNode expires = node.get("expires_in");
            Duration expiresIn = expires == null || expires.isNull() ? null
                    : DurationText.parse("expires_in", expires.asText());
            JsonNode name = node.get("name");
            TokenBook.Created created = book.create(name == null || !name.isTextual() ? null : name.asText(),
                    scopes, expiresIn, caller);
            return new AdminJson.Answer(201, AdminJson.created(created));
        } catch (IllegalArgumentException e) {
            return AdminJson.Answer.error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return AdminJson.Answer.error(409, e.getMessage());
        } catch (StoreException e) {
            return AdminJson.Answer.error(503, "the token could not be stored: " + e.getMessage());
        }
    }

    /** {@code DELETE /api/v1/tokens/{name}} on {@code book}. */
    static AdminJson.Answer revoke(TokenBook book, String name, String caller) {
        try {
            if (!book.revoke(name, caller)) {
                return AdminJson.Answer.error(404, "no token named '" + name + "'");
            }
        } catch (StoreException e) {
            return AdminJson.Answer.error(503, "the revocation could not be stored: " + e.getMessage());
        }
        return new AdminJson.Answer(204, null);
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

    /** The token that asked (access control on) and the address it came from. */
    static String caller(ContainerRequestContext request) {
        String from = LaneAuditTrail.callerAddress(request);
        String token = LaneAuditTrail.callerToken();
        return token == null ? from : token + " from " + from;
    }
}
