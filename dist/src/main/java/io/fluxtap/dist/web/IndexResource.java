package io.fluxtap.dist.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.ui.DashboardServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /} on the API port: the start banner prints this URL, so a user's first click lands here. A small
 * HTML page for browsers, the same links as JSON for {@code Accept: application/json}.
 */
@Path("/")
@ApplicationScoped
public class IndexResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Key in the JSON answer to path and what it is. */
    private static final Map<String, Link> ENDPOINTS = endpoints();

    /**
     * Sections (anchors) of the README.md in the installation directory ({@code dist/src/main/dist/README.md}) a
     * new user looks for first; {@code DistributionIT} checks that each is a heading there.
     */
    private static final Map<String, String> DOCS = docs();

    private final DashboardServer dashboard;

    @Inject
    public IndexResource(DashboardServer dashboard) {
        this.dashboard = dashboard;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String json(@Context UriInfo uri) throws Exception {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", "Fluxtap");
        root.put("dashboard", dashboardUrl(uri));
        ENDPOINTS.forEach((key, link) -> root.put(key, link.path()));
        ObjectNode docs = root.putObject("docs");
        DOCS.forEach((anchor, title) -> docs.put(title, "README.md#" + anchor));
        return MAPPER.writeValueAsString(root);
    }

    /** Browsers (and clients that send no Accept header, such as curl) get the page. */
    @GET
    @Produces({MediaType.TEXT_HTML, MediaType.WILDCARD})
    public String html(@Context UriInfo uri) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Fluxtap</title></head>
                <body><h1>Fluxtap</h1>
                <ul>
                """);
        String dashboardUrl = escape(dashboardUrl(uri));
        page.append("<li><a href=\"").append(dashboardUrl).append("\">Dashboard</a> (").append(dashboardUrl)
                .append(")</li>\n");
        ENDPOINTS.values().forEach(link -> page.append("<li><a href=\"").append(link.href()).append("\">")
                .append(escape(link.path())).append("</a>: ").append(escape(link.what())).append("</li>\n"));
        page.append("</ul>\n<p>Documentation: README.md in the installation directory, sections</p>\n<ul>\n");
        DOCS.forEach((anchor, title) -> page.append("<li>").append(escape(title)).append(" (<code>README.md#")
                .append(anchor).append("</code>)</li>\n"));
        return page.append("</ul>\n</body></html>\n").toString();
    }

    /**
     * The dashboard listens on its own port of the same host: a browser that reached this page through some
     * host name reaches the dashboard through the same one.
     */
    private String dashboardUrl(UriInfo uri) {
        String host = uri.getBaseUri().getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        // Every listener speaks TLS or none does (fluxtap.tls.*), so the dashboard has this page's scheme.
        return uri.getBaseUri().getScheme() + "://" + host + ":" + dashboard.port() + "/";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Link(String path, String href, String what) {
    }

    private static Map<String, Link> endpoints() {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("health", new Link("/health", "/health", "MicroProfile Health (also /health/live, /health/ready)"));
        links.put("metrics", new Link("/metrics", "/metrics", "Prometheus metrics of the server"));
        links.put("monitoring_health", new Link("/api/v1/monitoring/health", "/api/v1/monitoring/health",
                "health of every component as JSON"));
        links.put("prometheus_api", new Link("/prometheus/api/v1", "/prometheus/api/v1/status/buildinfo",
                "Prometheus' HTTP query API (Grafana data source URL: this host, /prometheus)"));
        links.put("logs", new Link("/api/v1/logs", "/api/v1/logs?limit=20", "stored logs, newest first"));
        links.put("traces", new Link("/api/v1/traces", "/api/v1/traces", "trace search, newest first"));
        return links;
    }

    private static Map<String, String> docs() {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("send-a-first-log", "Send a first log");
        docs.put("a-trace-a-metric-and-a-business-message", "A trace, a metric and a business message");
        docs.put("the-correlation-columns", "The correlation columns");
        docs.put("log-filter-language", "Log filter language");
        docs.put("trace-search", "Trace search");
        docs.put("configuration", "Configuration");
        return docs;
    }
}
