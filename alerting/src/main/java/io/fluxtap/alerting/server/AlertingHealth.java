package io.fluxtap.alerting.server;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code alerting}: degraded while the Alertmanager configuration or a rule file failed its last load (the previous
 * version keeps running, or the built-in configuration when the first load failed), with the errors.
 */
@ApplicationScoped
public class AlertingHealth implements HealthContributor {

    private final Alerting alerting;

    @Inject
    public AlertingHealth(Alerting alerting) {
        this.alerting = alerting;
    }

    @Override
    public String component() {
        return "alerting";
    }

    @Override
    public ComponentHealth check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("config_file", alerting.configFile().toString());
        details.put("built_in_config", alerting.builtInConfig());
        details.put("rule_groups", alerting.ruleGroups().size());
        details.put("alerts", alerting.alerts().list().size());
        List<String> problems = new ArrayList<>();
        if (alerting.alertmanagerError() != null) {
            problems.add("Alertmanager configuration: " + alerting.alertmanagerError());
        }
        if (!alerting.rules().lastReloadSuccessful()) {
            problems.add("rule files: " + String.join("; ", alerting.rules().lastReloadErrors()));
        }
        if (!problems.isEmpty()) {
            return new ComponentHealth(HealthStatus.DEGRADED, String.join("; ", problems), details);
        }
        return ComponentHealth.healthy(details);
    }
}
