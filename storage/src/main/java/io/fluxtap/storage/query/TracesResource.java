package io.fluxtap.storage.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/traces/{traceId}}: every stored span of one trace (see {@link TracesJson} for the
 * shape). Like {@link LogsResource} it writes its JSON with Jackson itself.
 */
@Path("/api/v1/traces")
@ApplicationScoped
public class TracesResource {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private final DuckDbTraceQuery traceQuery;

    @Inject
    public TracesResource(DuckDbTraceQuery traceQuery) {
        this.traceQuery = traceQuery;
    }

    /**
     * 200 with {@code {"trace_id":"...","spans":[...]}} ordered by start time; 404 when no span has the id;
     * 400 when the id is not 32 hex characters. Errors are {@code {"error":"..."}}.
     */
    @GET
    @Path("/{traceId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response trace(@PathParam("traceId") String traceId) {
        if (!TRACE_ID.matcher(traceId).matches()) {
            return error(Response.Status.BAD_REQUEST, "a trace id is 32 hex characters, was '"
                    + (traceId.length() > 64 ? traceId.substring(0, 64) + "..." : traceId) + "'");
        }
        // Ids are stored in lowercase, as W3C traceparent and OTLP/JSON write them.
        String id = traceId.toLowerCase(Locale.ROOT);
        List<DuckDbTraceQuery.StoredSpan> spans = traceQuery.trace(id);
        if (spans.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no spans stored for trace " + id);
        }
        return Response.ok(TracesJson.trace(id, spans), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(LogsJson.error(message)).build();
    }
}
