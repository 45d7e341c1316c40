package io.fluxtap.dist.monitoring.exposition;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Counts and times every REST API request under its route template ({@code /api/v1/traces/{traceId}}), never
 * its raw path, so ids in paths do not become label values; a path no resource matched counts as
 * {@value HttpRequestMetrics#UNMATCHED}. Pre-matching, so requests that match nothing are counted too.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";

    private final SelfMetrics metrics;

    @Inject
    HttpMetricsFilter(SelfMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        metrics.http().started();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) {
            return;
        }
        request.removeProperty(STARTED);
        metrics.http().finished(request.getMethod(), route(request.getUriInfo()), response.getStatus(),
                System.nanoTime() - started);
    }

    static String route(UriInfo uri) {
        if (!(uri instanceof ExtendedUriInfo extended)) {
            return HttpRequestMetrics.UNMATCHED;
        }
        List<UriTemplate> templates = extended.getMatchedTemplates();
        if (templates.isEmpty()) {
            return HttpRequestMetrics.UNMATCHED;
        }
        StringBuilder path = new StringBuilder();
        // Jersey lists the innermost match first.
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (part.isEmpty() || "/".equals(part)) {
                continue;
            }
            if (!part.startsWith("/")) {
                path.append('/');
            }
            path.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
