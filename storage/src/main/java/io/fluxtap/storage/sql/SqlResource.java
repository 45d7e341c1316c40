package io.fluxtap.storage.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.UncheckedIOException;

/**
 * {@code POST /api/v1/sql}: one read-only statement, sent as {@code text/plain} or as {@code {"sql": "..."}}
 * ({@code application/json}). 200 with
 * {@code {"columns":[{"name":..,"type":..}],"rows":[[..]],"row_count":N,"truncated":false}};
 * 400 with {@code {"error":"..."}} for a refused statement or DuckDB's error message.
 * Like the other resources of this module it writes its JSON with Jackson itself.
 */
@Path("/api/v1/sql")
@ApplicationScoped
public class SqlResource {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final SqlConsole console;

    @Inject
    public SqlResource(SqlConsole console) {
        this.console = console;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        try {
            SqlResult result = console.run(statement(contentType, body));
            ObjectNode root = MAPPER.createObjectNode();
            ArrayNode columns = root.putArray("columns");
            result.columns().forEach(c -> columns.addObject().put("name", c.name()).put("type", c.type()));
            root.set("rows", result.rows());
            root.put("row_count", result.rows().size());
            root.put("truncated", result.truncated());
            return Response.ok(bytes(root), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(bytes(MAPPER.createObjectNode().put("error", e.getMessage()))).build();
        }
    }

    private static String statement(String contentType, String body) {
        if (contentType == null || !MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return body;
        }
        try {
            JsonNode sql = MAPPER.readTree(body == null ? "" : body).path("sql");
            if (!sql.isTextual()) {
                throw new SqlRefusedException("a JSON body is {\"sql\": \"SELECT ...\"}");
            }
            return sql.asText();
        } catch (JsonProcessingException e) {
            throw new SqlRefusedException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
