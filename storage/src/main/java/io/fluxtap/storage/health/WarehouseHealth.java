package io.fluxtap.storage.health;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.storage.warehouse.WarehouseScheduler;
import io.fluxtap.storage.warehouse.WarehouseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code warehouse}: whether the hourly export keeps up. A failing export loses nothing (its rows stay in the
 * active tables) but lets the hot window grow, so it is reported as degraded, not unhealthy.
 */
@ApplicationScoped
public class WarehouseHealth implements HealthContributor {

    private final WarehouseScheduler scheduler;

    @Inject
    public WarehouseHealth(WarehouseScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public String component() {
        return "warehouse";
    }

    @Override
    public ComponentHealth check() {
        WarehouseStatus status = scheduler.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("enabled", status.enabled());
        if (status.lastSuccess() != null) {
            details.put("last_export", status.lastSuccess().toString());
        }
        if (status.lastError() != null) {
            details.put("consecutive_failures", status.consecutiveFailures());
            return new ComponentHealth(HealthStatus.DEGRADED, "warehouse export failing: " + status.lastError(), details);
        }
        return ComponentHealth.healthy(details);
    }
}
