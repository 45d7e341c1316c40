package io.fluxtap.dist.monitoring.exposition;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** {@code GET /metrics}: Prometheus text, or OpenMetrics for {@code Accept: application/openmetrics-text}. */
@ApplicationScoped
@Path("/metrics")
public class MetricsResource {

    private final SelfMetrics metrics;

    @Inject
    MetricsResource(SelfMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    public Response metrics(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        SelfMetrics.Exposition exposition = metrics.scrape(accept);
        return Response.ok(exposition.body()).header(HttpHeaders.CONTENT_TYPE, exposition.contentType()).build();
    }
}
