package io.fluxtap.dist.monitoring;

import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile readiness built from the modules' own health contributors: ready while nothing is
 * unhealthy. A degraded platform (a backlog, a nearly full ring) still takes traffic, so it stays ready.
 */
@ApplicationScoped
public class PlatformHealthChecks {

    private final Instance<HealthContributor> contributors;

    @Inject
    PlatformHealthChecks(@Any Instance<HealthContributor> contributors) {
        this.contributors = contributors;
    }

    @Produces
    @Readiness
    HealthCheck platformReadiness() {
        return () -> {
            HealthReport report = HealthReport.gather(contributors);
            var response = HealthCheckResponse.named("fluxtap")
                    .status(report.status() != HealthStatus.UNHEALTHY)
                    .withData("status", report.status().label());
            report.services().forEach((name, health) -> response.withData(name, health.status().label()));
            return response.build();
        };
    }
}
