package io.fluxtap.alerting.api;

import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.RecordingRule;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.server.Alerting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus' {@code GET /api/v1/rules} at {@code /prometheus/api/v1/rules}, so Grafana's Prometheus data source shows
 * Fluxtap's rules: {@code type=alert|record}, {@code rule_name[]}, {@code rule_group[]}, {@code file[]} filters, as
 * Prometheus. A class of its own: its literal path outranks the query API's {@code /prometheus/api/v1/{endpoint}}
 * (JAX-RS picks the root resource with the most literal characters).
 */
@Path("/prometheus/api/v1/rules")
@ApplicationScoped
public class PrometheusRulesResource {

    private final Alerting alerting;

    @Inject
    public PrometheusRulesResource(Alerting alerting) {
        this.alerting = alerting;
    }

    @GET
    public Response rules(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String type = query.getFirst("type");
        boolean alerts = type == null || type.isEmpty() || type.equals("alert");
        boolean records = type == null || type.isEmpty() || type.equals("record");
        if (!alerts && !records) {
            return answer(400, PrometheusRulesJson.badData("invalid query parameter type='" + type + "'"));
        }
        Set<String> names = values(query, "rule_name[]");
        Set<String> groups = values(query, "rule_group[]");
        Set<String> files = values(query, "file[]");
        boolean ruleFilter = !names.isEmpty() || type != null && !type.isEmpty();
        List<Map<String, Object>> out = new ArrayList<>();
        for (RuleGroup group : alerting.ruleGroups()) {
            if (!groups.isEmpty() && !groups.contains(group.name()) || !files.isEmpty() && !files.contains(group.file())) {
                continue;
            }
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Rule rule : group.rules()) {
                if (rule instanceof AlertingRule && !alerts || rule instanceof RecordingRule && !records) {
                    continue;
                }
                if (!names.isEmpty() && !names.contains(rule.name())) {
                    continue;
                }
                rules.add(PrometheusRulesJson.rule(rule));
            }
            // As Prometheus: a group left without rules by a rule filter is left out.
            if (ruleFilter && rules.isEmpty()) {
                continue;
            }
            out.add(PrometheusRulesJson.group(group, rules));
        }
        return answer(200, PrometheusRulesJson.success(Map.of("groups", out)));
    }

    private static Set<String> values(MultivaluedMap<String, String> query, String name) {
        List<String> v = query.get(name);
        return v == null ? Set.of() : Set.copyOf(v);
    }

    static Response answer(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(AmJson.write(body)).build();
    }
}
