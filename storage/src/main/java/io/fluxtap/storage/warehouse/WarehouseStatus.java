package io.fluxtap.storage.warehouse;

import java.time.Instant;

/**
 * How the warehouse's maintenance fares, for the health check.
 *
 * @param enabled             false when {@code fluxtap.warehouse.enabled=false}
 * @param lastSuccess         the end of the last run that completed, or null
 * @param lastError           the failure of the last run, null when it succeeded
 * @param consecutiveFailures runs failed in a row
 */
public record WarehouseStatus(boolean enabled, Instant lastSuccess, String lastError, int consecutiveFailures) {

    static final WarehouseStatus STARTING = new WarehouseStatus(true, null, null, 0);
}
