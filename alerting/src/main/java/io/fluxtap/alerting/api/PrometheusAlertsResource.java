package io.fluxtap.alerting.api;

import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.server.Alerting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prometheus' {@code GET /api/v1/alerts} at {@code /prometheus/api/v1/alerts}: every pending and firing rule alert. */
@Path("/prometheus/api/v1/alerts")
@ApplicationScoped
public class PrometheusAlertsResource {

    private final Alerting alerting;

    @Inject
    public PrometheusAlertsResource(Alerting alerting) {
        this.alerting = alerting;
    }

    @GET
    public Response alerts() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RuleGroup group : alerting.ruleGroups()) {
            for (Rule rule : group.rules()) {
                if (rule instanceof AlertingRule alerting) {
                    alerting.activeAlerts().forEach(a -> out.add(PrometheusRulesJson.alert(a)));
                }
            }
        }
        return PrometheusRulesResource.answer(200, PrometheusRulesJson.success(Map.of("alerts", out)));
    }
}
