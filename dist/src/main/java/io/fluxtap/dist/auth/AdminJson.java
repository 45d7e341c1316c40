package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.auth.Scope;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;

/**
 * The JSON of the tokens' and users' admin API ({@link TokensResource}, {@link UsersResource}) in one place: the
 * request bodies' check, the answers and the errors. {@code bin/fluxtap token} and {@code user} print the same
 * documents when they work on a stopped server's data directory, so both paths show the same.
 */
final class AdminJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    /** An answer of the admin API, before it is a JAX-RS response: the offline CLI takes it as it is. */
    record Answer(int status, JsonNode body) {

        static Answer error(int status, String message) {
            return new Answer(status, errorBody(message));
        }

        Response response() {
            return status == 204 ? Response.noContent().build() : json(status, body);
        }
    }

    /** A request body that is a JSON object with no field but {@code fields} (in the order the error names them); else the 400 to answer. */
    record Body(JsonNode node, Answer refusal) {
    }

    static Body object(String body, List<String> fields, String example) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return new Body(null, Answer.error(400, "the body must be a JSON object such as " + example));
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                return new Body(null, Answer.error(400, "unknown field '" + field + "' (fields: "
                        + String.join(", ", fields) + ")"));
            }
        }
        return new Body(node, null);
    }

    /** A token without its secret. */
    static ObjectNode token(ApiToken token) {
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

    /** A token just made, with its secret: the only answer that holds it. */
    static ObjectNode created(TokenBook.Created created) {
        return token(created.token()).put("secret", created.secret());
    }

    static ObjectNode tokens(TokenBook book) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode tokens = root.putArray("tokens");
        book.list().forEach(t -> tokens.add(token(t)));
        return root;
    }

    /** A user without the password hash. */
    static ObjectNode user(DashboardAccount account) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", account.name());
        node.put("role", account.role().label());
        node.put("created", account.created().toString());
        return node;
    }

    static ObjectNode users(UserBook book) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode users = root.putArray("users");
        book.list().forEach(u -> users.add(user(u).put("source", book.isConfigured(u.name()) ? "file" : "api")));
        return root;
    }

    static ObjectNode errorBody(String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", "error");
        node.put("error", message);
        return node;
    }

    private static Response json(int status, JsonNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body.toString()).build();
    }
}
