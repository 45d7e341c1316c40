package io.fluxtap.ui.views;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.api.alerts.AlertControl;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.ServiceLookup;
import io.fluxtap.ui.chart.ChartSeries;
import io.fluxtap.ui.chart.ChartUnit;
import io.fluxtap.ui.chart.TimeChart;
import io.fluxtap.ui.metrics.Panel;
import io.fluxtap.ui.metrics.RangeCharts;
import io.fluxtap.ui.query.HealthRow;
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.sql.Beside;
import io.fluxtap.ui.sql.Buckets;
import io.fluxtap.ui.sql.Sql;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The landing page: records stored per signal over the page's range (chart), tiles that count and link to each
 * page, how each part of Fluxtap is doing (its health details carry drops, WAL backlog and replay, storage tiers),
 * and what was logged last.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · Fluxtap")
public class OverviewView extends VerticalLayout implements BeforeEnterObserver {

    private static final System.Logger LOG = System.getLogger(OverviewView.class.getName());
    private static final int NEWEST = 10;
    private static final List<String> SIGNALS = List.of("logs", "spans", "metrics", "messages");

    private final ServiceLookup services;
    private final Clock clock = Clock.systemUTC();
    private final Span overall = new Span();
    private final Grid<HealthRow> health = new Grid<>();
    private final Div tiles = new Div();
    private final TimeChart ingest = new TimeChart(TimeChart.Kind.STACKED_BARS, ChartUnit.PER_SECOND);
    private final Span ingestStatus = new Span();
    private final UnorderedList newest = new UnorderedList();
    private final H2 selfTitle = new H2("Fluxtap itself");
    private final Span selfStatus = new Span();
    private final Div selfPanels = new Div();
    private final List<TimeChart> selfCharts = new ArrayList<>();
    private final List<Span> selfErrors = new ArrayList<>();
    private TimeRange range = TimeRange.of(QueryParameters.empty(), null);

    public OverviewView() {
        services = DashboardContext.current().services();

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

        tiles.setId("overview-tiles");
        tiles.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-m)");
        ingest.setId("ingest-chart");
        ingest.setHeightPixels(200);
        ingest.addZoomListener(e -> zoom(e.from(), e.to()));
        ingestStatus.setId("ingest-status");
        ingestStatus.getStyle().set("color", "var(--lumo-secondary-text-color)");
        newest.setId("recent-logs");
        newest.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)")
                .set("font-size", "var(--lumo-font-size-s)");

        selfStatus.setId("self-status");
        selfStatus.getStyle().set("color", "var(--lumo-secondary-text-color)");
        selfPanels.setId("self-panels");
        selfPanels.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(340px, 1fr))")
                .set("gap", "var(--lumo-space-m)").set("width", "100%");
        for (int i = 0; i < SelfPanels.PANELS.size(); i++) {
            selfPanels.add(selfPanel(i));
        }
        add(tiles, new H2("Ingest (records per second, by signal)"), ingestStatus, ingest,
                new H2("Health"), overall, health, selfTitle, selfStatus, selfPanels, new H2("Recent logs"), newest);
        new AutoRefresh(this, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range = TimeRange.of(event.getLocation());
        refresh();
    }

    private void zoom(Instant from, Instant to) {
        if (from.isBefore(to)) {
            UI.getCurrent().navigate("", TimeRange.fixed(from, to).mergeInto(QueryParameters.empty()));
        }
    }

    private Div selfPanel(int index) {
        Panel panel = SelfPanels.PANELS.get(index);
        Span title = new Span(panel.title());
        title.getStyle().set("font-weight", "600");
        TimeChart chart = new TimeChart(TimeChart.Kind.LINES, panel.unit());
        chart.addClassName("self-panel-chart");
        chart.setHeightPixels(160);
        chart.addZoomListener(e -> zoom(e.from(), e.to()));
        Span failed = new Span();
        failed.addClassName("self-panel-error");
        failed.getStyle().set("color", "var(--lumo-error-text-color)");
        selfCharts.add(chart);
        selfErrors.add(failed);
        Div box = new Div(title, failed, chart);
        box.addClassName("self-panel");
        box.setId("self-panel-" + index);
        box.getElement().setAttribute("title", panel.query());
        return box;
    }

    /** Starts the self panels' queries beside the page's other reads: empty when there is no PromQL service. */
    private List<Beside<RangeCharts.Drawn>> readSelfPanels(Instant from, Instant to) {
        List<PromqlQueries> promql = services.all(PromqlQueries.class);
        selfTitle.setVisible(!promql.isEmpty());
        selfStatus.setVisible(!promql.isEmpty());
        selfPanels.setVisible(!promql.isEmpty());
        if (promql.isEmpty()) {
            return List.of();
        }
        List<Beside<RangeCharts.Drawn>> reads = new ArrayList<>();
        for (Panel panel : SelfPanels.PANELS) {
            reads.add(Beside.read(() -> RangeCharts.read(promql.getFirst(), panel.query(), from, to)));
        }
        return reads;
    }

    private void showSelfPanels(List<Beside<RangeCharts.Drawn>> reads) {
        boolean any = false;
        for (int i = 0; i < reads.size(); i++) {
            try {
                RangeCharts.Drawn drawn = reads.get(i).join();
                drawn.into(selfCharts.get(i));
                selfErrors.get(i).setText("");
                any |= !drawn.series().isEmpty();
            } catch (QueryException e) {
                selfErrors.get(i).setText(e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Overview panel " + SelfPanels.PANELS.get(i).title() + " failed", e);
                selfErrors.get(i).setText("could not read: " + e.getMessage());
            }
        }
        selfStatus.setText(any ? range.label() + ", from the self-scrape (job=\"" + SelfPanels.JOB + "\")"
                : "No samples of job=\"" + SelfPanels.JOB + "\" in this range: the shipped conf/scrape.yml scrapes "
                        + "Fluxtap's own /metrics under that job.");
    }

    private void refresh() {
        LogQuery logs = services.get(LogQuery.class);
        Beside<List<LogRecord>> recent = Beside.read(() -> logs.search(LogSearch.recent(NEWEST)));
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        List<Beside<RangeCharts.Drawn>> self = readSelfPanels(from, to);
        List<HealthRow> rows = HealthRow.checkAll(services.all(HealthContributor.class));
        health.setItems(rows);
        HealthStatus status = HealthRow.overall(rows);
        overall.setText("Overall: " + status.label());
        overall.getStyle().set("color", statusColor(status)).set("font-weight", "600");
        showIngest(from, to);
        showAlerts();
        showSelfPanels(self);
        showRecentLogs(recent.join());
    }

    /** Firing alerts that reach someone (not silenced, not inhibited), beside those pending or muted. */
    private void showAlerts() {
        List<AlertControl> control = services.all(AlertControl.class);
        if (control.isEmpty()) {
            return;
        }
        long firing = 0;
        long pending = 0;
        long muted = 0;
        try {
            for (AlertEntry alert : control.getFirst().alerts()) {
                if (!alert.silencedBy().isEmpty() || !alert.inhibitedBy().isEmpty()) {
                    muted++;
                } else if ("firing".equals(alert.state())) {
                    firing++;
                } else {
                    pending++;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Overview alert count failed", e);
            return;
        }
        Span detail = new Span(pending + " pending · " + muted + " silenced or inhibited");
        detail.addClassName("tile-detail");
        detail.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        tiles.add(tile("alerts", firing, "firing alerts", "alerts", firing > 0 ? "var(--lumo-error-text-color)" : null,
                detail));
    }

    private void showIngest(Instant from, Instant to) {
        List<SqlQueries> sql = services.all(SqlQueries.class);
        tiles.removeAll();
        if (sql.isEmpty()) {
            ingestStatus.setText("No SQL service: charts need the storage module.");
            return;
        }
        Buckets buckets = Buckets.over(from, to);
        StringBuilder union = new StringBuilder();
        for (String signal : SIGNALS) {
            union.append(union.isEmpty() ? "" : " UNION ALL ").append("SELECT ").append(Sql.text(signal))
                    .append(" AS signal, ts FROM ").append(signal).append(" WHERE ").append(Sql.between("ts", from, to));
        }
        try {
            SqlQueries.Result result = sql.getFirst().query("SELECT signal, " + buckets.sqlBucket("ts")
                    + " AS bucket, count(*) AS n FROM (" + union + ") GROUP BY ALL", Sql.TIMEOUT);
            Map<String, double[]> counts = buckets.pivot(result, "signal", "bucket", "n");
            double perSecond = buckets.step().toMillis() / 1000.0;
            List<ChartSeries> series = new ArrayList<>();
            for (String signal : SIGNALS) {
                double[] values = counts.getOrDefault(signal, new double[buckets.starts().size()]);
                long total = 0;
                for (int i = 0; i < values.length; i++) {
                    total += (long) values[i];
                    values[i] /= perSecond;
                }
                series.add(new ChartSeries(signal, values, null));
                tiles.add(tile(signal, total, signal + " in range", linkOf(signal), null));
            }
            ingest.setStep(buckets.step());
            ingest.setData(buckets.starts(), series);
            ingestStatus.setText(range.label() + ", " + DurationText.format(buckets.step()) + " buckets");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Overview ingest query failed", e);
            ingestStatus.setText("Ingest figures unavailable: " + e.getMessage());
        }
    }

    private static String linkOf(String signal) {
        return switch (signal) {
            case "logs" -> "logs";
            case "spans" -> "traces";
            case "messages" -> "traces";
            default -> "";
        };
    }

    private static Anchor tile(String id, long count, String caption, String link, String numberColor, Span... details) {
        Span number = new Span(RecordFormat.count(count));
        number.addClassName("tile-value");
        number.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        if (numberColor != null) {
            number.getStyle().set("color", numberColor);
        }
        Span label = new Span(caption);
        label.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Div box = new Div(number, label);
        box.add(details);
        box.getStyle().set("display", "flex").set("flex-direction", "column");
        Anchor tile = new Anchor(link, box);
        tile.setId("tile-" + id);
        tile.addClassName("overview-tile");
        tile.getStyle().set("padding", "var(--lumo-space-m)").set("min-width", "9em")
                .set("border-radius", "var(--lumo-border-radius-l)").set("background", "var(--lumo-contrast-5pct)")
                .set("color", "var(--lumo-body-text-color)").set("text-decoration", "none");
        return tile;
    }

    private void showRecentLogs(List<LogRecord> logs) {
        newest.removeAll();
        for (LogRecord log : logs) {
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
