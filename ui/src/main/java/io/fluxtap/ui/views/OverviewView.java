package io.fluxtap.ui.views;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.ServiceLookup;
import io.fluxtap.ui.query.HealthRow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The landing page: how each part of Fluxtap is doing and what was logged last. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · Fluxtap")
public class OverviewView extends VerticalLayout {

    private static final int NEWEST = 10;
    private static final Duration RECENT_WINDOW = Duration.ofMinutes(15);
    /** Counting is done by fetching, so the count stops here rather than pulling the whole window. */
    private static final int COUNT_CAP = 1_000;

    private final ServiceLookup services;
    private final Span overall = new Span();
    private final Grid<HealthRow> health = new Grid<>();
    private final Span recentCount = new Span();
    private final UnorderedList newest = new UnorderedList();

    public OverviewView() {
        DashboardContext dashboard = DashboardContext.current();
        services = dashboard.services();

        overall.setId("overall-health");
        health.setId("health-grid");
        health.addThemeVariants(GridVariant.LUMO_COMPACT);
        health.setAllRowsVisible(true);
        health.addColumn(HealthRow::component).setHeader("Component").setAutoWidth(true).setFlexGrow(0);
        health.addColumn(LitRenderer.<HealthRow>of(
                        "<span class=\"health-status\" style=\"color: ${item.color}; font-weight: 600\">${item.status}</span>")
                .withProperty("status", row -> row.status().label())
                .withProperty("color", row -> statusColor(row.status()))).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        health.addColumn(HealthRow::message).setHeader("Message");
        health.addColumn(HealthRow::details).setHeader("Details");
        health.setEmptyStateText("No health contributors registered");

        recentCount.setId("recent-log-count");
        newest.setId("recent-logs");
        newest.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)")
                .set("font-size", "var(--lumo-font-size-s)");

        add(new H2("Health"), overall, health, new H2("Recent logs"), recentCount, newest);
        new AutoRefresh(this, this::refresh);
        refresh();
    }

    private void refresh() {
        List<HealthRow> rows = HealthRow.checkAll(services.all(HealthContributor.class));
        health.setItems(rows);
        HealthStatus status = HealthRow.overall(rows);
        overall.setText("Overall: " + status.label());
        overall.getStyle().set("color", statusColor(status)).set("font-weight", "600");
        showRecentLogs(services.get(LogQuery.class));
    }

    private void showRecentLogs(LogQuery logs) {
        Instant since = Instant.now().minus(RECENT_WINDOW);
        int count = logs.search(new LogSearch(null, Set.of(), null, since, null, COUNT_CAP, null)).size();
        recentCount.setText((count == COUNT_CAP ? COUNT_CAP + "+" : String.valueOf(count))
                + " log records in the last " + RECENT_WINDOW.toMinutes() + " minutes; the newest " + NEWEST + ":");
        newest.removeAll();
        for (LogRecord log : logs.search(LogSearch.recent(NEWEST))) {
            ListItem item = new ListItem(RecordFormat.time(log.timestamp()) + "  " + log.level().label()
                    + "  " + RecordFormat.orEmpty(log.entityName()) + "  " + log.body());
            item.addClassName("recent-log");
            item.getStyle().set("color", RecordFormat.levelColor(log.level()));
            newest.add(item);
        }
    }

    private static String statusColor(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> "var(--lumo-success-text-color)";
            case DEGRADED -> "var(--lumo-warning-text-color, #b25e00)";
            case UNHEALTHY -> "var(--lumo-error-text-color)";
        };
    }
}
