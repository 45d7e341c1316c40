package io.fluxtap.storage.query;

import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogSearch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code GET /api/v1/logs}: the newest matching logs as JSON (see {@link LogsJson} for the shape).
 * The JSON is written with Jackson here rather than by a JAX-RS provider, so this module adds no
 * entity provider that would change how other modules' resources serialize.
 */
@Path("/api/v1/logs")
@ApplicationScoped
public class LogsResource {

    private final LogQuery logQuery;

    @Inject
    public LogsResource(LogQuery logQuery) {
        this.logQuery = logQuery;
    }

    /** 200 with {@code {"logs":[...],"count":N}}, or 400 with {@code {"error":"..."}} for a bad parameter. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response search(@QueryParam("entity_name") String entityName,
                           @QueryParam("level") List<String> levels,
                           @QueryParam("contains") String contains,
                           @QueryParam("from") String from,
                           @QueryParam("to") String to,
                           @QueryParam("limit") String limit) {
        LogSearch search;
        try {
            search = LogsRequest.toSearch(entityName, levels, contains, from, to, limit);
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(LogsJson.error(e.getMessage()))
                    .build();
        }
        return Response.ok(LogsJson.page(logQuery.search(search)), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
