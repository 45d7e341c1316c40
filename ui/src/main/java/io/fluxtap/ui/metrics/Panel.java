package io.fluxtap.ui.metrics;

import io.fluxtap.ui.chart.ChartUnit;

import java.util.Objects;

/**
 * One saved chart: a PromQL query drawn over the page's time range.
 *
 * @param title what the panel is called on its dashboard
 * @param query the PromQL expression, possibly with {@code $__interval}-style variables ({@link QueryVariables})
 * @param unit  how its values are printed
 */
public record Panel(String title, String query, ChartUnit unit) {

    public Panel {
        Objects.requireNonNull(unit, "unit");
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a panel needs a title");
        }
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("a panel needs a query");
        }
    }
}
