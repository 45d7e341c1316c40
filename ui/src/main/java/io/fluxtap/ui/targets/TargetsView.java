package io.fluxtap.ui.targets;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.scrape.ScrapeTargets;
import io.fluxtap.api.scrape.TargetEntry;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.views.AutoRefresh;
import io.fluxtap.ui.views.MainLayout;
import io.fluxtap.ui.views.RecordFormat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The scraper's targets: see the package description. */
@Route(value = TargetsView.ROUTE, layout = MainLayout.class)
@PageTitle("Targets · Fluxtap")
public class TargetsView extends VerticalLayout {

    public static final String ROUTE = "targets";
    private static final System.Logger LOG = System.getLogger(TargetsView.class.getName());

    private final List<ScrapeTargets> scraper;
    private final Clock clock = Clock.systemUTC();
    private final HorizontalLayout jobs = new HorizontalLayout();
    private final Span status = new Span();
    private final Grid<TargetEntry> grid = new Grid<>();

    public TargetsView() {
        scraper = DashboardContext.current().services().all(ScrapeTargets.class);
        setSizeFull();
        jobs.setId("target-jobs");
        jobs.getStyle().set("flex-wrap", "wrap");
        status.setId("target-status");
        status.getStyle().set("color", "var(--lumo-secondary-text-color)");
        grid.setId("target-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(TargetEntry::job).setHeader("Job").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        grid.addColumn(TargetEntry::url).setHeader("Endpoint").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(LitRenderer.<TargetEntry>of(
                        "<span class=\"target-health\" style=\"font-weight:600;color:${item.color}\">${item.health}</span>")
                .withProperty("health", TargetEntry::health)
                .withProperty("color", entry -> healthColor(entry.health())))
                .setHeader("State").setAutoWidth(true).setFlexGrow(0).setSortable(true)
                .setComparator(TargetEntry::health);
        grid.addColumn(entry -> labelsText(entry.labels())).setHeader("Labels").setFlexGrow(1)
                .setTooltipGenerator(entry -> labelsText(entry.labels()));
        grid.addColumn(entry -> entry.lastScrape() == null ? "never"
                        : DurationText.format(Duration.between(entry.lastScrape(), clock.instant()).withNanos(0)) + " ago")
                .setHeader("Last scrape").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(entry -> RecordFormat.duration(entry.lastScrapeDuration())).setHeader("Duration")
                .setAutoWidth(true).setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        grid.addColumn(entry -> DurationText.format(entry.interval())).setHeader("Interval").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(TargetEntry::lastError).setHeader("Error").setFlexGrow(1).setTooltipGenerator(TargetEntry::lastError);
        grid.setEmptyStateText("No targets. Add jobs to the scrape configuration (fluxtap.scrape.config-file,"
                + " Prometheus' scrape_configs) and reload (POST /-/reload).");
        add(new H2("Targets"), jobs, status, grid);
        setFlexGrow(1, grid);
        new AutoRefresh(this, this::refresh);
        refresh();
    }

    private void refresh() {
        jobs.removeAll();
        if (scraper.isEmpty()) {
            status.setText("This server does not scrape (no scraper module).");
            grid.setItems(List.of());
            return;
        }
        List<TargetEntry> targets;
        try {
            targets = scraper.getFirst().targets();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Target listing for the dashboard failed", e);
            status.setText("Targets unavailable: " + e.getMessage());
            return;
        }
        Map<String, List<TargetEntry>> byJob = targets.stream()
                .collect(Collectors.groupingBy(TargetEntry::job, TreeMap::new, Collectors.toList()));
        byJob.forEach((job, entries) -> {
            long up = entries.stream().filter(entry -> entry.health().equals("up")).count();
            Span tile = new Span(job + " " + up + "/" + entries.size() + " up");
            tile.setId("target-job-" + job);
            tile.addClassName("target-job");
            tile.getStyle().set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                    .set("border-radius", "var(--lumo-border-radius-m)").set("background", "var(--lumo-contrast-5pct)")
                    .set("color", up == entries.size() ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
            jobs.add(tile);
        });
        long down = targets.stream().filter(entry -> entry.health().equals("down")).count();
        status.setText(targets.size() + (targets.size() == 1 ? " target" : " targets") + ", " + down + " down");
        grid.setItems(targets);
    }

    private static String labelsText(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String healthColor(String health) {
        return switch (health) {
            case "up" -> "var(--lumo-success-text-color)";
            case "down" -> "var(--lumo-error-text-color)";
            default -> "var(--lumo-secondary-text-color)";
        };
    }
}
