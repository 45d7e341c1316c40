package io.fluxtap.api;

import java.util.Map;
import java.util.Objects;

/**
 * The health of one part of Fluxtap.
 *
 * @param status  how it is doing
 * @param message why it is not healthy, or null when it is
 * @param details figures worth showing next to the status (e.g. {@code latency_ms}); JSON-friendly values
 */
public record ComponentHealth(HealthStatus status, String message, Map<String, Object> details) {

    public ComponentHealth {
        Objects.requireNonNull(status, "status");
        details = AttributeValues.freeze(details);
    }

    public static ComponentHealth healthy(Map<String, Object> details) {
        return new ComponentHealth(HealthStatus.HEALTHY, null, details);
    }
}
