package io.fluxtap.ui.query;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.ui.testing.FixedHealth;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthRowTest {

    @Test
    void showsStatusMessageAndDetailsInTheContributorsOrder() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("latency_ms", 12L);
        details.put("path", "/data/fluxtap.duckdb");

        HealthRow row = HealthRow.check(new FixedHealth("database",
                new ComponentHealth(HealthStatus.DEGRADED, "slow", details)));

        assertEquals(new HealthRow("database", HealthStatus.DEGRADED, "slow",
                "latency_ms=12, path=/data/fluxtap.duckdb"), row);
    }

    @Test
    void aHealthyComponentHasAnEmptyMessage() {
        HealthRow row = HealthRow.check(new FixedHealth("wal", ComponentHealth.healthy(Map.of())));

        assertEquals(new HealthRow("wal", HealthStatus.HEALTHY, "", ""), row);
    }

    @Test
    void aContributorThatThrowsIsShownAsUnhealthy() {
        HealthContributor broken = new HealthContributor() {
            @Override
            public String component() {
                return "alerting";
            }

            @Override
            public ComponentHealth check() {
                throw new IllegalStateException("rule file vanished");
            }
        };

        HealthRow row = HealthRow.check(broken);

        assertEquals(HealthStatus.UNHEALTHY, row.status());
        assertTrue(row.message().contains("rule file vanished"), row.message());
    }

    @Test
    void rowsAreSortedByComponentAndTheOverallStatusIsTheWorst() {
        List<HealthRow> rows = HealthRow.checkAll(List.of(
                new FixedHealth("wal", ComponentHealth.healthy(Map.of())),
                new FixedHealth("database", new ComponentHealth(HealthStatus.UNHEALTHY, "down", Map.of())),
                new FixedHealth("ingestion", new ComponentHealth(HealthStatus.DEGRADED, "backlog", Map.of()))));

        assertEquals(List.of("database", "ingestion", "wal"), rows.stream().map(HealthRow::component).toList());
        assertEquals(HealthStatus.UNHEALTHY, HealthRow.overall(rows));
        assertEquals(HealthStatus.HEALTHY, HealthRow.overall(List.of()));
    }
}
