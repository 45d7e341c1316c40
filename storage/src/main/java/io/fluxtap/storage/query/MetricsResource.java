package io.fluxtap.storage.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/metrics/samples}: the newest samples of a metric as JSON (see {@link MetricsJson}).
 * PromQL and the Prometheus API come on top of the same tables (issue #6); this is the plain read-back.
 */
@Path("/api/v1/metrics")
@ApplicationScoped
public class MetricsResource {

    private final DuckDbMetricQuery query;

    @Inject
    public MetricsResource(DuckDbMetricQuery query) {
        this.query = query;
    }

    /** 200 with {@code {"samples":[...],"count":N}}, or 400 with {@code {"error":"..."}} for a bad parameter. */
    @GET
    @Path("/samples")
    @Produces(MediaType.APPLICATION_JSON)
    public Response samples(@QueryParam("name") String name,
                            @QueryParam("from") String from,
                            @QueryParam("to") String to,
                            @QueryParam("limit") String limit) {
        MetricSampleSearch search;
        try {
            search = MetricSampleSearch.fromQuery(name, from, to, limit);
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(LogsJson.error(e.getMessage()))
                    .build();
        }
        return Response.ok(MetricsJson.page(query.samples(search)), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
