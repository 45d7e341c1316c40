/**
 * Stage "watch": the storage module's {@link io.fluxtap.api.HealthContributor}s, {@code database}
 * (the DuckDB file answers) and {@code storage} (the data directory is writable and has room).
 */
package io.fluxtap.storage.health;
