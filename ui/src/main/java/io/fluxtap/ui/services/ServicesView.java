package io.fluxtap.ui.services;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.ServiceLookup;
import io.fluxtap.ui.chart.ChartSeries;
import io.fluxtap.ui.chart.ChartUnit;
import io.fluxtap.ui.chart.TimeChart;
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.sql.Buckets;
import io.fluxtap.ui.sql.Sql;
import io.fluxtap.ui.views.MainLayout;
import io.fluxtap.ui.views.RecordFormat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The services list and one service's page; see the package documentation. */
@Route(value = "services/:service?", layout = MainLayout.class)
@PageTitle("Services · Fluxtap")
public class ServicesView extends VerticalLayout implements BeforeEnterObserver {

    private static final System.Logger LOG = System.getLogger(ServicesView.class.getName());
    static final String ROUTE = "services";

    /** RED figures of a service or an operation over the range. */
    record Red(String name, long requests, long errors, double p50, double p95, double p99, double[] spark) {

        double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }

    private final ServiceLookup services;
    private final Clock clock = Clock.systemUTC();
    private Location location = new Location(ROUTE);

    public ServicesView() {
        services = DashboardContext.current().services();
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        location = event.getLocation();
        removeAll();
        List<SqlQueries> sql = services.all(SqlQueries.class);
        if (sql.isEmpty()) {
            add(new H2("Services"), new Span("No SQL service: services need the storage module."));
            return;
        }
        TimeRange range = TimeRange.of(location);
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        try {
            String service = event.getRouteParameters().get("service").orElse(null);
            if (service == null) {
                showList(sql.getFirst(), range, from, to);
            } else {
                showService(sql.getFirst(), service, from, to);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Services query failed", e);
            Span failed = new Span("Could not read the services: " + e.getMessage());
            failed.setId("services-error");
            add(new H2("Services"), failed);
        }
    }

    private void showList(SqlQueries sql, TimeRange range, Instant from, Instant to) {
        Buckets buckets = Buckets.over(from, to);
        Map<String, double[]> sparks = buckets.pivot(sql.query(RedSql.sparklines(buckets), Sql.TIMEOUT),
                "service", "bucket", "n");
        List<Red> rows = reds(sql.query(RedSql.perService(from, to), Sql.TIMEOUT), "service", sparks);
        double seconds = Math.max(1, Duration.between(from, to).toSeconds());
        Grid<Red> grid = new Grid<>();
        grid.setId("services-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setSizeFull();
        grid.addColumn(LitRenderer.<Red>of("<a class=\"service-link\" href=\"services/${item.path}${item.query}\">${item.name}</a>")
                        .withProperty("path", r -> URLEncoder.encode(r.name(), StandardCharsets.UTF_8).replace("+", "%20"))
                        .withProperty("query", r -> query())
                        .withProperty("name", Red::name))
                .setHeader("Service").setAutoWidth(true).setSortable(true).setComparator(Red::name);
        grid.addColumn(r -> String.format(Locale.ROOT, "%.2f/s", r.requests() / seconds)).setHeader("Rate")
                .setSortable(true).setComparator(Red::requests).setAutoWidth(true);
        grid.addColumn(LitRenderer.<Red>of("<span style=\"color:${item.color}\">${item.rate}</span>")
                        .withProperty("rate", r -> String.format(Locale.ROOT, "%.2f%%", r.errorRate() * 100))
                        .withProperty("color", r -> r.errors() > 0 ? "var(--lumo-error-text-color)" : "inherit"))
                .setHeader("Errors").setSortable(true).setComparator(Red::errorRate).setAutoWidth(true);
        grid.addColumn(r -> ms(r.p50())).setHeader("p50").setSortable(true).setComparator(Red::p50).setAutoWidth(true);
        grid.addColumn(r -> ms(r.p95())).setHeader("p95").setSortable(true).setComparator(Red::p95).setAutoWidth(true);
        grid.addColumn(r -> ms(r.p99())).setHeader("p99").setSortable(true).setComparator(Red::p99).setAutoWidth(true);
        grid.addColumn(LitRenderer.<Red>of("<svg class=\"sparkline\" width=\"120\" height=\"24\" viewBox=\"0 0 120 24\">"
                        + "<polyline fill=\"none\" stroke=\"var(--lumo-primary-color)\" stroke-width=\"1.5\" points=\"${item.points}\">"
                        + "</polyline></svg>")
                        .withProperty("points", r -> sparkline(r.spark())))
                .setHeader("Requests over time").setWidth("150px").setFlexGrow(0);
        grid.setEmptyStateText("No spans in " + range.label().toLowerCase(Locale.ROOT)
                + ". Services appear here once they send traces over OTLP (gRPC :4317, HTTP /v1/traces).");
        grid.setItems(rows);
        add(new H2("Services"), grid);
        setFlexGrow(1, grid);
    }

    private void showService(SqlQueries sql, String service, Instant from, Instant to) {
        Buckets buckets = Buckets.over(from, to);
        SqlQueries.Result overTime = sql.query(RedSql.overTime(service, buckets), Sql.TIMEOUT);
        int size = buckets.starts().size();
        double[] rate = filled(size, 0);
        double[] errors = filled(size, 0);
        double[] p50 = filled(size, Double.NaN);
        double[] p95 = filled(size, Double.NaN);
        double[] p99 = filled(size, Double.NaN);
        double stepSeconds = buckets.step().toMillis() / 1000.0;
        for (List<Object> row : overTime.rows()) {
            int i = buckets.indexOf(Sql.asInstant(row, 0));
            if (i >= 0) {
                long requests = Sql.asLong(row, 1);
                rate[i] = requests / stepSeconds;
                errors[i] = requests == 0 ? 0 : (double) Sql.asLong(row, 2) / requests;
                p50[i] = Sql.asDouble(row, 3);
                p95[i] = Sql.asDouble(row, 4);
                p99[i] = Sql.asDouble(row, 5);
            }
        }
        H2 title = new H2(service);
        title.setId("service-title");
        Div charts = new Div(
                chart("Request rate", ChartUnit.PER_SECOND, buckets, "service-rate", List.of(new ChartSeries("requests", rate, null))),
                chart("Error rate", ChartUnit.RATIO, buckets, "service-errors",
                        List.of(new ChartSeries("errors", errors, "var(--lumo-error-color)"))),
                chart("Latency", ChartUnit.MILLISECONDS, buckets, "service-latency", List.of(
                        new ChartSeries("p50", p50, null), new ChartSeries("p95", p95, null), new ChartSeries("p99", p99, null))));
        charts.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(320px, 1fr))")
                .set("gap", "var(--lumo-space-m)").set("width", "100%");

        Grid<Red> operations = new Grid<>();
        operations.setId("service-operations");
        operations.addThemeVariants(GridVariant.LUMO_COMPACT);
        operations.setAllRowsVisible(true);
        operations.addColumn(Red::name).setHeader("Operation").setFlexGrow(1).setSortable(true);
        operations.addColumn(Red::requests).setHeader("Calls").setAutoWidth(true).setSortable(true);
        operations.addColumn(Red::errors).setHeader("Errors").setAutoWidth(true).setSortable(true);
        operations.addColumn(r -> ms(r.p95())).setHeader("p95").setAutoWidth(true).setSortable(true)
                .setComparator(Red::p95);
        operations.setItems(reds(sql.query(RedSql.operations(service, from, to), Sql.TIMEOUT), "operation", Map.of()));

        Grid<List<Object>> failures = new Grid<>();
        failures.setId("service-errors-list");
        failures.addThemeVariants(GridVariant.LUMO_COMPACT);
        failures.setAllRowsVisible(true);
        failures.addColumn(r -> RecordFormat.time(Sql.asInstant(r, 0))).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        failures.addColumn(LitRenderer.<List<Object>>of("<a href=\"traces/${item.trace}\">${item.name}</a>")
                .withProperty("trace", r -> Sql.asText(r, 1)).withProperty("name", r -> Sql.asText(r, 2)))
                .setHeader("Span (opens the trace)").setFlexGrow(1);
        failures.addColumn(r -> RecordFormat.orEmpty(Sql.asText(r, 3))).setHeader("Status message").setFlexGrow(1);
        failures.setEmptyStateText("No errors in this range.");
        failures.setItems(sql.query(RedSql.recentErrors(service, from, to), Sql.TIMEOUT).rows());

        Grid<List<Object>> logs = new Grid<>();
        logs.setId("service-logs");
        logs.addThemeVariants(GridVariant.LUMO_COMPACT);
        logs.setAllRowsVisible(true);
        logs.addColumn(r -> RecordFormat.time(Sql.asInstant(r, 0))).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        logs.addColumn(r -> Sql.asText(r, 1)).setHeader("Level").setAutoWidth(true).setFlexGrow(0);
        logs.addColumn(r -> Sql.asText(r, 2)).setHeader("Body").setFlexGrow(1);
        logs.setEmptyStateText("No logs from this service in this range.");
        logs.setItems(sql.query(RedSql.logs(service, from, to), Sql.TIMEOUT).rows());
        Anchor allLogs = new Anchor("logs?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "&"
                + query().substring(1), "All logs of " + service + " →");

        add(new Anchor(ROUTE + query(), "← All services"), title, charts, new H3("Top operations"), operations,
                new H3("Recent errors"), failures, new H3("Logs"), allLogs, logs);
    }

    private Div chart(String title, ChartUnit unit, Buckets buckets, String id, List<ChartSeries> series) {
        TimeChart chart = new TimeChart(TimeChart.Kind.LINES, unit);
        chart.setId(id);
        chart.setHeightPixels(160);
        chart.setStep(buckets.step());
        chart.setData(buckets.starts(), series);
        chart.addZoomListener(e -> UI.getCurrent().navigate(location.getPath(),
                TimeRange.fixed(e.from(), e.to()).mergeInto(location.getQueryParameters())));
        Span label = new Span(title);
        label.getStyle().set("font-weight", "600");
        return new Div(label, chart);
    }

    /** The range part of the address, for links that keep it. */
    private String query() {
        String q = TimeRange.of(location).mergeInto(QueryParameters.empty()).getQueryString();
        return q.isEmpty() ? "" : "?" + q;
    }

    private static List<Red> reds(SqlQueries.Result result, String nameColumn, Map<String, double[]> sparks) {
        int name = Sql.column(result, nameColumn);
        List<Red> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            String n = Sql.asText(row, name);
            rows.add(new Red(n, Sql.asLong(row, name + 1), Sql.asLong(row, name + 2), Sql.asDouble(row, name + 3),
                    Sql.asDouble(row, name + 4), Sql.asDouble(row, name + 5), sparks.getOrDefault(n, new double[0])));
        }
        return rows;
    }

    static String sparkline(double[] values) {
        if (values.length < 2) {
            return "";
        }
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double top = max == 0 ? 1 : max;
        List<String> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", 120.0 * i / (values.length - 1), 22 - 20 * values[i] / top));
        }
        return points.stream().collect(Collectors.joining(" "));
    }

    private static double[] filled(int size, double value) {
        double[] values = new double[size];
        Arrays.fill(values, value);
        return values;
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "—" : RecordFormat.duration(Duration.ofNanos(Math.round(millis * 1e6)));
    }
}
