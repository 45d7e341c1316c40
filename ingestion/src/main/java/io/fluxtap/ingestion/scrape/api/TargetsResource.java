package io.fluxtap.ingestion.scrape.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.ingestion.scrape.discovery.TargetBuilder;
import io.fluxtap.ingestion.scrape.exposition.MetricFamilyInfo;
import io.fluxtap.ingestion.scrape.loop.ScrapeLoop;
import io.fluxtap.ingestion.scrape.manager.ScrapeManager;
import io.fluxtap.ingestion.scrape.manager.ScrapePool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /prometheus/api/v1/targets} ({@code state=active|dropped|any}) and {@code /targets/metadata}
 * ({@code match_target}, {@code metric}, {@code limit}) as Prometheus 2.42 answers them. Before a target's first
 * scrape its health is {@code unknown} and {@code lastScrape} Go's zero time, as there.
 */
@Path("/prometheus/api/v1/targets")
@ApplicationScoped
public class TargetsResource {

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final ScrapeManager manager;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public TargetsResource(ScrapeManager manager) {
        this.manager = manager;
    }

    @GET
    public Response targets(@QueryParam("state") String state) {
        String wanted = state == null ? "" : state.toLowerCase(Locale.ROOT);
        boolean active = wanted.isEmpty() || wanted.equals("any") || wanted.equals("active");
        boolean dropped = wanted.isEmpty() || wanted.equals("any") || wanted.equals("dropped");
        List<Map<String, Object>> activeTargets = new ArrayList<>();
        List<Map<String, Object>> droppedTargets = new ArrayList<>();
        for (ScrapePool pool : manager.pools()) {
            if (active) {
                pool.active().forEach(loop -> activeTargets.add(active(loop)));
            }
            if (dropped) {
                pool.dropped().forEach(labels -> droppedTargets.add(Map.of("discoveredLabels", labels.asMap())));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        // Prometheus leaves out the list that was not asked for.
        if (active) {
            data.put("activeTargets", activeTargets);
        }
        if (dropped) {
            data.put("droppedTargets", droppedTargets);
        }
        return success(data);
    }

    @GET
    @Path("metadata")
    public Response metadata(@QueryParam("match_target") String matchTarget, @QueryParam("metric") String metric,
                             @QueryParam("limit") String limitText) {
        int limit = -1;
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                return error(400, "bad_data", "limit must be a number");
            }
        }
        TargetMatcher matcher;
        try {
            matcher = matchTarget == null || matchTarget.isEmpty() ? TargetMatcher.ALL : TargetMatcher.parse(matchTarget);
        } catch (IllegalArgumentException e) {
            return error(400, "bad_data", e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int matched = 0;
        for (ScrapePool pool : manager.pools()) {
            for (ScrapeLoop loop : pool.active()) {
                Labels labels = loop.target().labels();
                // As Prometheus, limit counts targets, not entries.
                if (limit >= 0 && matched >= limit || !matcher.matches(labels)) {
                    continue;
                }
                matched++;
                for (MetricFamilyInfo family : loop.metadata()) {
                    boolean all = metric == null || metric.isEmpty();
                    if (!all && !metric.equals(family.family())) {
                        continue;
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("target", labels.asMap());
                    if (all) {
                        entry.put("metric", family.family());
                    }
                    entry.put("type", family.type());
                    entry.put("help", family.help());
                    entry.put("unit", family.unit());
                    out.add(entry);
                }
            }
        }
        if (out.isEmpty() && metric != null && !metric.isEmpty()) {
            return error(404, "not_found", "specified metadata not found");
        }
        return success(out);
    }

    private Map<String, Object> active(ScrapeLoop loop) {
        Target target = loop.target();
        ScrapeLoop.Status status = loop.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("discoveredLabels", target.discoveredLabels().asMap());
        out.put("labels", target.labels().asMap());
        out.put("scrapePool", target.job());
        out.put("scrapeUrl", target.url().toString());
        out.put("globalUrl", globalUrl(target.url()));
        out.put("lastError", status.lastError());
        out.put("lastScrape", status.lastScrape() == null ? ZERO_TIME : status.lastScrape().toString());
        out.put("lastScrapeDuration", status.lastScrapeDuration().toNanos() / 1e9);
        out.put("health", status.health().text());
        out.put("scrapeInterval", TargetBuilder.promDuration(target.interval()));
        out.put("scrapeTimeout", TargetBuilder.promDuration(target.timeout()));
        return out;
    }

    /** As Prometheus' {@code getGlobalURL}: a loopback host becomes this machine's name, so others can follow it. */
    private static String globalUrl(URI url) {
        if (!LOOPBACK.contains(url.getHost())) {
            return url.toString();
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return new URI(url.getScheme(), url.getUserInfo(), host, url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment()).toString();
        } catch (IOException | URISyntaxException e) {
            return url.toString();
        }
    }

    private Response success(Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return write(200, body);
    }

    private Response error(int status, String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errorType", type);
        body.put("error", message);
        return write(status, body);
    }

    private Response write(int status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
