package io.fluxtap.api.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * One rule as Prometheus' rules API shows it.
 *
 * @param type           {@code alerting} or {@code recording}
 * @param state          {@code inactive}, {@code pending} or {@code firing}; "" for a recording rule
 * @param health         {@code ok}, {@code err} or {@code unknown}
 * @param lastEvaluation null before the first evaluation
 * @param lastError      "" when the last evaluation succeeded
 * @param activeAlerts   its pending and firing alerts
 */
public record RuleEntry(String name, String type, String query, String state, String health,
                        Instant lastEvaluation, Duration evaluationTime, String lastError, int activeAlerts) {
}
