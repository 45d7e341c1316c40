package io.fluxtap.api;

import java.util.Collection;
import java.util.Locale;

/** Ordered from best to worst, so the overall status is the worst of its parts. */
public enum HealthStatus {
    HEALTHY,
    DEGRADED,
    UNHEALTHY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HealthStatus worstOf(Collection<HealthStatus> statuses) {
        return statuses.stream().max(Enum::compareTo).orElse(HEALTHY);
    }
}
