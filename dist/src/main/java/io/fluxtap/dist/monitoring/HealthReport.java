package io.fluxtap.dist.monitoring;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The platform's health at one moment: every contributor's answer and the worst of them. */
record HealthReport(HealthStatus status, Map<String, ComponentHealth> services) {

    static HealthReport gather(Iterable<HealthContributor> contributors) {
        Map<String, ComponentHealth> services = new LinkedHashMap<>();
        for (HealthContributor contributor : contributors) {
            services.put(contributor.component(), checkSafely(contributor));
        }
        return new HealthReport(HealthStatus.worstOf(services.values().stream().map(ComponentHealth::status).toList()),
                services);
    }

    /** A contributor that throws is itself unhealthy; it must not hide the others' answers. */
    private static ComponentHealth checkSafely(HealthContributor contributor) {
        try {
            return contributor.check();
        } catch (RuntimeException e) {
            return new ComponentHealth(HealthStatus.UNHEALTHY, "health check failed: " + e, Map.of());
        }
    }

    /** The JSON shape of {@code /api/v1/monitoring/health}: details sit beside the status. */
    Map<String, Object> toJson() {
        Map<String, Object> servicesJson = new LinkedHashMap<>();
        services.forEach((name, health) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", health.status().label());
            if (health.message() != null) {
                entry.put("message", health.message());
            }
            entry.putAll(health.details());
            servicesJson.put(name, entry);
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status.label());
        json.put("services", servicesJson);
        return json;
    }

    List<String> problems() {
        return services.entrySet().stream()
                .filter(e -> e.getValue().status() != HealthStatus.HEALTHY)
                .map(e -> e.getKey() + ": " + e.getValue().status().label()
                        + (e.getValue().message() == null ? "" : " (" + e.getValue().message() + ")"))
                .toList();
    }
}
