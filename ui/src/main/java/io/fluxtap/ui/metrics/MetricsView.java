package io.fluxtap.ui.metrics;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dnd.DragSource;
import com.vaadin.flow.component.dnd.DropEffect;
import com.vaadin.flow.component.dnd.DropTarget;
import com.vaadin.flow.component.dnd.EffectAllowed;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SeriesCatalog;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.StoreException;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.login.DashboardAccess;
import io.fluxtap.ui.ServiceLookup;
import io.fluxtap.ui.chart.ChartUnit;
import io.fluxtap.ui.chart.TimeChart;
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.views.AutoRefresh;
import io.fluxtap.ui.views.MainLayout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Metrics page; see the package documentation. */
@Route(value = "metrics/:dashboard?", layout = MainLayout.class)
@PageTitle("Metrics · Fluxtap")
public class MetricsView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "metrics";
    /** The drag-and-drop look (grab cursor, the drop target's outline): classes Vaadin's DnD connector sets. */
    static final String STYLESHEET = "context://fluxtap/metrics.css";
    private static final int MOST_SUGGESTIONS = 12;

    private final ServiceLookup services;
    private final Clock clock = Clock.systemUTC();
    private Location location = new Location(ROUTE);
    private Dashboard open;
    /** What the last import left out, shown once on the dashboard it created. */
    private GrafanaImport.Result lastImport;
    /** The panel the editor is editing, or -1 for none. */
    private int editing = -1;
    /** Whether the editor's query has been run, so an auto-refresh runs it again. */
    private boolean ran;
    /** Redraws the open dashboard's panels over the range as it is now. */
    private final List<Runnable> panelRedraws = new ArrayList<>();

    private final TextField editor = new TextField();
    private final Div suggestions = new Div();
    private final Span error = new Span();
    private final Tabs tabs = new Tabs();
    private final Tab graphTab = new Tab("Graph");
    private final Tab tableTab = new Tab("Table");
    private final TimeChart chart = new TimeChart(TimeChart.Kind.LINES, ChartUnit.NONE);
    private final Grid<PromqlQueries.Sample> table = new Grid<>();
    private final TextField panelTitle = new TextField();
    private final Select<ChartUnit> panelUnit = new Select<>();
    private final Button savePanel = new Button("Add to dashboard");

    public MetricsView() {
        services = DashboardContext.current().services();
        setWidthFull();
        editor.setId("metrics-query");
        editor.setPlaceholder("PromQL, e.g. rate(http_requests_total[5m])");
        editor.setWidthFull();
        editor.setValueChangeMode(ValueChangeMode.EAGER);
        editor.addValueChangeListener(e -> suggest());
        editor.addKeyPressListener(Key.ENTER, e -> run());
        suggestions.setId("metrics-suggestions");
        suggestions.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)");
        error.setId("metrics-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)").set("white-space", "pre-wrap");
        graphTab.setId("metrics-tab-graph");
        tableTab.setId("metrics-tab-table");
        tabs.add(graphTab, tableTab);
        tabs.addSelectedChangeListener(e -> run());
        chart.setId("metrics-chart");
        chart.setHeightPixels(260);
        chart.addZoomListener(e -> zoom(e.from(), e.to()));
        table.setId("metrics-table");
        table.addThemeVariants(GridVariant.LUMO_COMPACT);
        table.setAllRowsVisible(true);
        table.addColumn(s -> s.labels().isEmpty() ? "{}" : SeriesNames.of(s.labels())).setHeader("Series")
                .setFlexGrow(1).setResizable(true);
        table.addColumn(s -> SeriesNames.value(s.value())).setHeader("Value").setAutoWidth(true).setFlexGrow(0);
        table.setEmptyStateText("No series: the query matched nothing at the end of the range.");
        table.setVisible(false);
        panelTitle.setId("metrics-panel-title");
        panelTitle.setPlaceholder("Panel title");
        panelUnit.setId("metrics-panel-unit");
        panelUnit.setItems(ChartUnit.values());
        panelUnit.setItemLabelGenerator(u -> u.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        panelUnit.setValue(ChartUnit.NONE);
        savePanel.setId("metrics-save-panel");
        savePanel.addClickListener(e -> savePanel());
        new AutoRefresh(this, this::refresh);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        event.getUI().getPage().addStyleSheet(STYLESHEET);
    }

    /** The page's auto-refresh: a relative range has moved on, so the shown query and panels are drawn again. */
    private void refresh() {
        if (!TimeRange.of(location).isRelative()) {
            return;
        }
        if (ran) {
            run();
        }
        panelRedraws.forEach(Runnable::run);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        location = event.getLocation();
        removeAll();
        editing = -1;
        ran = false;
        panelRedraws.clear();
        // Nothing to draw before a query runs: an empty plot would only push the dashboard down.
        chart.setVisible(false);
        table.setVisible(false);
        add(new H2("Metrics"));
        if (services.all(PromqlQueries.class).isEmpty()) {
            add(message("metrics-unavailable", "No PromQL service: the Metrics page needs the storage module."));
            return;
        }
        Optional<DashboardStore> store = store();
        String id = event.getRouteParameters().get("dashboard").orElse(null);
        open = null;
        if (id != null && store.isPresent()) {
            try {
                open = store.get().get(id).orElse(null);
            } catch (StoreException e) {
                add(message("metrics-store-error", "Could not read the dashboards: " + e.getMessage()));
            }
            if (open == null) {
                add(message("metrics-no-dashboard", "There is no dashboard \"" + id + "\"."));
            }
        }
        add(explorer());
        add(dashboards(store));
        if (open != null) {
            add(openDashboard(store.orElseThrow()));
        }
        add(importer(store));
        suggest();
    }

    private Component explorer() {
        VerticalLayout box = new VerticalLayout();
        box.setPadding(false);
        box.setWidthFull();
        box.add(new H3("Explore"), editorBar(), suggestions);
        emptyHint().ifPresent(box::add);
        HorizontalLayout save = new HorizontalLayout(panelTitle, panelUnit, savePanel);
        save.setAlignItems(FlexComponent.Alignment.BASELINE);
        save.setVisible(open != null);
        savePanel.setText(editing >= 0 ? "Update panel" : "Add to " + (open == null ? "dashboard" : open.name()));
        box.add(error, tabs, chart, table, save);
        return box;
    }

    private Component editorBar() {
        Button run = new Button("Run", e -> run());
        run.setId("metrics-run");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout bar = new HorizontalLayout(editor, run);
        bar.setWidthFull();
        bar.setFlexGrow(1, editor);
        return bar;
    }

    /** A new user's page: nothing stored yet, so say how metrics get in. */
    private Optional<Component> emptyHint() {
        List<SeriesCatalog> catalog = services.all(SeriesCatalog.class);
        try {
            if (!catalog.isEmpty() && catalog.getFirst().metricNames().isEmpty()) {
                return Optional.of(message("metrics-empty", "No metrics stored yet. Send them over OTLP (gRPC :4317, "
                        + "HTTP POST :4318/v1/metrics), Prometheus remote_write (POST /api/v1/write on the API port) "
                        + "or a scrape target; their names are then offered here as you type."));
            }
        } catch (QueryException e) {
            return Optional.of(message("metrics-catalog-error", "Could not read the metric names: " + e.getMessage()));
        }
        return Optional.empty();
    }

    private void suggest() {
        suggestions.removeAll();
        List<SeriesCatalog> catalog = services.all(SeriesCatalog.class);
        Optional<Completion> at = Completion.at(editor.getValue());
        if (catalog.isEmpty() || at.isEmpty()) {
            return;
        }
        try {
            for (String candidate : at.get().candidates(catalog.getFirst(), MOST_SUGGESTIONS)) {
                Button pick = new Button(candidate, e -> {
                    editor.setValue(at.get().apply(editor.getValue(), candidate));
                    editor.focus();
                });
                pick.addClassName("metrics-suggestion");
                pick.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_CONTRAST);
                suggestions.add(pick);
            }
        } catch (QueryException e) {
            // Completion is a help: a failed lookup offers nothing rather than an error while typing.
            suggestions.add(new Span("(names unavailable: " + e.getMessage() + ")"));
        }
    }

    private void run() {
        String query = editor.getValue().strip();
        error.setText("");
        if (query.isEmpty()) {
            return;
        }
        ran = true;
        PromqlQueries promql = services.all(PromqlQueries.class).getFirst();
        TimeRange range = TimeRange.of(location);
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        boolean graph = tabs.getSelectedTab() == graphTab;
        chart.setVisible(graph);
        table.setVisible(!graph);
        try {
            if (graph) {
                RangeCharts.draw(chart, promql, query, from, to);
            } else {
                Duration step = QueryVariables.step(Duration.between(from, to));
                table.setItems(promql.instant(QueryVariables.fill(query, step, Duration.between(from, to)), to).samples());
            }
        } catch (QueryException e) {
            error.setText(e.getMessage());
            if (graph) {
                chart.setData(List.of(), List.of());
            } else {
                table.setItems(List.of());
            }
        }
    }

    private void zoom(Instant from, Instant to) {
        UI.getCurrent().navigate(location.getPath(), TimeRange.fixed(from, to).mergeInto(location.getQueryParameters()));
    }

    private Component dashboards(Optional<DashboardStore> store) {
        Div box = new Div();
        box.setWidthFull();
        box.add(new H3("Dashboards"));
        if (store.isEmpty()) {
            box.add(message("metrics-dashboards-unavailable", "No state store: saved dashboards need the storage module."));
            return box;
        }
        List<Dashboard> all;
        try {
            all = store.get().list();
        } catch (StoreException e) {
            box.add(message("metrics-store-error", "Could not read the dashboards: " + e.getMessage()));
            return box;
        }
        Div links = new Div();
        links.setId("metrics-dashboards");
        links.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-m)");
        if (all.isEmpty()) {
            links.add(message("metrics-no-dashboards", "No dashboards yet: create one here, or import a Grafana "
                    + "dashboard below, then add panels from the query above."));
        }
        for (Dashboard d : all) {
            Anchor link = new Anchor(ROUTE + "/" + d.id() + query(), d.name() + " (" + d.panels().size() + ")");
            link.addClassName("metrics-dashboard-link");
            if (open != null && open.id().equals(d.id())) {
                link.getStyle().set("font-weight", "700");
            }
            links.add(link);
        }
        TextField name = new TextField();
        name.setId("metrics-new-name");
        name.setPlaceholder("New dashboard name");
        Button create = new Button("Create", e -> {
            if (name.getValue().isBlank()) {
                name.setErrorMessage("Give the dashboard a name");
                name.setInvalid(true);
                return;
            }
            Dashboard created = store.get().create(name.getValue(), List.of());
            go(created.id());
        });
        create.setId("metrics-create");
        HorizontalLayout creating = new HorizontalLayout(name, create);
        creating.setAlignItems(FlexComponent.Alignment.BASELINE);
        box.add(links, creating);
        return box;
    }

    private Component openDashboard(DashboardStore store) {
        Div box = new Div();
        box.setWidthFull();
        box.setId("metrics-open-dashboard");
        H3 title = new H3(open.name());
        title.setId("metrics-dashboard-title");
        TextField rename = new TextField();
        rename.setId("metrics-rename");
        rename.setValue(open.name());
        Button renameButton = new Button("Rename", e -> {
            if (!rename.getValue().isBlank()) {
                store.save(open.renamed(rename.getValue()));
                go(open.id());
            }
        });
        renameButton.setId("metrics-rename-button");
        Button delete = new Button("Delete dashboard", e -> {
            store.delete(open.id());
            go(null);
        });
        delete.setId("metrics-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(rename, renameButton, delete);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        box.add(title, actions);
        if (lastImport != null) {
            box.add(importReport(lastImport));
            lastImport = null;
        }
        if (open.panels().isEmpty()) {
            box.add(message("metrics-no-panels", "No panels yet: write a query above, give it a title and "
                    + "\"Add to " + open.name() + "\"."));
        }
        Div grid = new Div();
        grid.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(380px, 1fr))")
                .set("gap", "var(--lumo-space-m)").set("width", "100%");
        PromqlQueries promql = services.all(PromqlQueries.class).getFirst();
        for (int i = 0; i < open.panels().size(); i++) {
            grid.add(panel(store, promql, i));
        }
        box.add(grid);
        return box;
    }

    private Component panel(DashboardStore store, PromqlQueries promql, int index) {
        Panel panel = open.panels().get(index);
        Span title = new Span(panel.title());
        title.addClassName("metrics-panel-title");
        title.getStyle().set("font-weight", "600").set("flex-grow", "1");
        Button up = small("↑", "metrics-panel-up", "Move up", () -> saveAndReload(store, open.moving(index, -1)));
        Button down = small("↓", "metrics-panel-down", "Move down", () -> saveAndReload(store, open.moving(index, 1)));
        // At an end the move would save the same order: say so rather than reload for nothing.
        up.setEnabled(index > 0);
        down.setEnabled(index < open.panels().size() - 1);
        Button edit = small("Edit", "metrics-panel-edit", "Edit this panel's query", () -> {
            editing = index;
            editor.setValue(panel.query());
            panelTitle.setValue(panel.title());
            panelUnit.setValue(panel.unit());
            savePanel.setText("Update panel");
            run();
        });
        Button delete = small("Delete", "metrics-panel-delete", "Delete this panel", () -> saveAndReload(store, open.without(index)));
        Span grip = new Span("⠿");
        grip.addClassName("metrics-panel-grip");
        grip.getElement().setAttribute("aria-hidden", "true");
        HorizontalLayout head = new HorizontalLayout(grip, title, up, down, edit, delete);
        head.addClassName("metrics-panel-head");
        head.setWidthFull();
        head.setAlignItems(FlexComponent.Alignment.CENTER);
        // The head is what is dragged, as a Grafana panel is moved by its header: the whole panel draggable
        // would turn the chart's drag-to-zoom and a text selection of the query into a panel drag.
        head.getElement().setAttribute("title", "Drag onto another panel to move it there (or use ↑ ↓)");
        DragSource<HorizontalLayout> drag = DragSource.create(head);
        drag.setDragData(index);
        drag.setEffectAllowed(EffectAllowed.MOVE);
        TimeChart panelChart = new TimeChart(TimeChart.Kind.LINES, panel.unit());
        panelChart.addClassName("metrics-panel-chart");
        panelChart.setHeightPixels(180);
        panelChart.addZoomListener(e -> zoom(e.from(), e.to()));
        Span failed = new Span();
        failed.addClassName("metrics-panel-error");
        failed.getStyle().set("color", "var(--lumo-error-text-color)");
        Runnable redraw = () -> {
            TimeRange range = TimeRange.of(location);
            try {
                RangeCharts.draw(panelChart, promql, panel.query(), range.start(clock), range.end(clock));
                failed.setText("");
                panelChart.setVisible(true);
            } catch (QueryException e) {
                failed.setText(e.getMessage());
                panelChart.setVisible(false);
            }
        };
        redraw.run();
        panelRedraws.add(redraw);
        Div box = new Div(head, failed, panelChart);
        box.addClassName("metrics-panel");
        DropTarget<Div> drop = DropTarget.create(box);
        drop.setDropEffect(DropEffect.MOVE);
        // The drag data is the dragged panel's place, held on the server (the browser only says a drag of this
        // UI's drag source ended here): text or a file dropped from elsewhere carries none and is ignored. The
        // order is saved as the ↑ ↓ buttons save it, and the page is built again from the store.
        drop.addDropListener(e -> e.getDragData().filter(Integer.class::isInstance).map(Integer.class::cast)
                .filter(from -> from != index && from < open.panels().size())
                .ifPresent(from -> saveAndReload(store, open.movingTo(from, index))));
        Span query = new Span(panel.query());
        query.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        box.add(query);
        return box;
    }

    private void savePanel() {
        if (open == null) {
            return;
        }
        String title = panelTitle.getValue().isBlank() ? editor.getValue().strip() : panelTitle.getValue();
        if (editor.getValue().isBlank()) {
            error.setText("Write a query first: a panel is a title, a query and a unit.");
            return;
        }
        try {
            services.all(PromqlQueries.class).getFirst().parse(QueryVariables.fill(editor.getValue(),
                    Duration.ofMinutes(1), Duration.ofHours(1)));
        } catch (QueryException e) {
            error.setText(e.getMessage());
            return;
        }
        Panel panel = new Panel(title, editor.getValue().strip(), panelUnit.getValue());
        saveAndReload(store().orElseThrow(), editing >= 0 ? open.replacing(editing, panel) : open.withPanel(panel));
    }

    private void saveAndReload(DashboardStore store, Dashboard changed) {
        try {
            store.save(changed);
        } catch (StoreException e) {
            error.setText("Could not save the dashboard: " + e.getMessage());
            return;
        }
        go(changed.id());
    }

    private Component importer(Optional<DashboardStore> store) {
        TextArea json = new TextArea();
        json.setId("metrics-grafana-json");
        json.setPlaceholder("Paste a Grafana dashboard's JSON model (Dashboard settings → JSON Model, or Export)");
        json.setWidthFull();
        json.setMaxHeight("16em");
        Span failed = new Span();
        failed.setId("metrics-import-error");
        failed.getStyle().set("color", "var(--lumo-error-text-color)");
        Button run = new Button("Import", e -> {
            try {
                GrafanaImport.Result result = GrafanaImport.read(json.getValue());
                if (result.panels().isEmpty()) {
                    failed.setText("Nothing to import: no PromQL time-series panel. " + String.join("; ", result.skipped()));
                    return;
                }
                Dashboard created = store.orElseThrow().create(result.title(), result.panels());
                lastImport = result;
                go(created.id());
            } catch (GrafanaImport.ImportException | StoreException e2) {
                failed.setText(e2.getMessage());
            }
        });
        run.setId("metrics-import");
        run.setEnabled(store.isPresent());
        Details details = new Details("Import a Grafana dashboard",
                new VerticalLayout(json, run, failed,
                        new Span("Time-series and graph panels with Prometheus queries are imported; other panels, "
                                + "other data sources and variables without a value are listed as skipped.")));
        details.setId("metrics-import-details");
        details.setWidthFull();
        return details;
    }

    private static Component importReport(GrafanaImport.Result result) {
        Div report = new Div();
        report.setId("metrics-import-report");
        report.add(new Span("Imported " + result.panels().size() + " panel(s)"
                + (result.skipped().isEmpty() ? "." : "; skipped:")));
        UnorderedList list = new UnorderedList();
        result.skipped().forEach(s -> list.add(new ListItem(s)));
        report.add(list);
        return report;
    }

    private void go(String dashboardId) {
        UI.getCurrent().navigate(dashboardId == null ? ROUTE : ROUTE + "/" + dashboardId, rangeParameters());
    }

    private QueryParameters rangeParameters() {
        return TimeRange.of(location).mergeInto(QueryParameters.empty());
    }

    private String query() {
        String q = rangeParameters().getQueryString();
        return q.isEmpty() ? "" : "?" + q;
    }

    private Optional<DashboardStore> store() {
        List<StateStore> state = services.all(StateStore.class);
        return state.isEmpty() ? Optional.empty() : Optional.of(new DashboardStore(state.getFirst(),
                () -> DashboardAccess.requireChange("change metric dashboards")));
    }

    private static Button small(String text, String className, String label, Runnable action) {
        Button button = new Button(text, e -> action.run());
        button.addClassName(className);
        button.setAriaLabel(label);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private static Span message(String id, String text) {
        Span span = new Span(text);
        span.setId(id);
        span.getStyle().set("color", "var(--lumo-secondary-text-color)");
        return span;
    }
}
