package io.fluxtap.ui.testing;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;

/** A health contributor double that always reports the same health. */
public record FixedHealth(String component, ComponentHealth health) implements HealthContributor {

    @Override
    public ComponentHealth check() {
        return health;
    }
}
