package io.fluxtap.api;

/**
 * A part of Fluxtap that reports its own health. Each module exposes its contributors as CDI beans;
 * the server gathers them for {@code /health/ready} and {@code /api/v1/monitoring/health}.
 */
public interface HealthContributor {

    /** The key under {@code services} in the monitoring JSON, e.g. {@code database}. */
    String component();

    /** Must answer quickly and never throw: a failure is reported as an unhealthy status. */
    ComponentHealth check();
}
