package io.fluxtap.dist.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/** JSON health and statistics for people and scripts that do not speak MicroProfile Health. */
@ApplicationScoped
@Path("/api/v1/monitoring")
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource {

    private final ObjectMapper json = new ObjectMapper();
    private final Instance<HealthContributor> contributors;
    private final SystemStatistics statistics;

    @Inject
    MonitoringResource(@Any Instance<HealthContributor> contributors,
                       @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry applicationMetrics) {
        this.contributors = contributors;
        this.statistics = new SystemStatistics(applicationMetrics);
    }

    @GET
    @Path("/health")
    public Response health() {
        HealthReport report = HealthReport.gather(contributors);
        int code = report.status() == HealthStatus.UNHEALTHY ? 503 : 200;
        return Response.status(code).entity(write(report.toJson())).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/metrics")
    public String metrics() {
        return write(statistics.snapshot());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
