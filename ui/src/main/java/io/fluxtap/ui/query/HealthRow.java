package io.fluxtap.ui.query;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line of the overview's health table.
 *
 * @param component the contributor's component key, e.g. {@code database}
 * @param status    its status
 * @param message   why it is not healthy, or empty
 * @param details   its details as {@code key=value} pairs, in the contributor's order
 */
public record HealthRow(String component, HealthStatus status, String message, String details) {

    private static final System.Logger LOG = System.getLogger(HealthRow.class.getName());

    /**
     * Asks one contributor. A contributor that breaks its contract by throwing is shown as unhealthy
     * rather than taking the whole overview down.
     */
    public static HealthRow check(HealthContributor contributor) {
        String component = contributor.component();
        ComponentHealth health;
        try {
            health = contributor.check();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Health check of " + component + " threw", e);
            return new HealthRow(component, HealthStatus.UNHEALTHY, "health check failed: " + e, "");
        }
        return new HealthRow(component, health.status(),
                health.message() == null ? "" : health.message(), formatDetails(health.details()));
    }

    /** Every contributor's row, sorted by component so the table does not reshuffle between refreshes. */
    public static List<HealthRow> checkAll(Collection<HealthContributor> contributors) {
        return contributors.stream()
                .map(HealthRow::check)
                .sorted(Comparator.comparing(HealthRow::component))
                .toList();
    }

    public static HealthStatus overall(Collection<HealthRow> rows) {
        return HealthStatus.worstOf(rows.stream().map(HealthRow::status).toList());
    }

    private static String formatDetails(Map<String, Object> details) {
        return details.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
