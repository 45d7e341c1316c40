package io.fluxtap.ui.views;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.query.LogFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest log records, filtered by service, level, body text and a query in the log filter language,
 * refreshed while shown.
 */
@Route(value = LogsView.ROUTE, layout = MainLayout.class)
@PageTitle("Logs · Fluxtap")
public class LogsView extends VerticalLayout implements BeforeEnterObserver {

    private static final System.Logger LOG = System.getLogger(LogsView.class.getName());
    static final String ROUTE = "logs";
    static final String QUERY_EXAMPLE =
            "entity_name = 'api' AND level IN ('error','warn') AND attributes.http.status_code >= 500";

    private final LogQuery logs;
    private final ComboBox<String> service = new ComboBox<>("Service");
    private final MultiSelectComboBox<Level> levels = new MultiSelectComboBox<>("Level");
    private final TextField text = new TextField("Body contains");
    private final TextField query = new TextField("Query");
    private final Checkbox autoRefresh = new Checkbox("Auto-refresh", true);
    private final Span status = new Span();
    private final Grid<LogRecord> grid = new Grid<>();
    private final AutoRefresh refresher;
    private List<String> serviceChoices = List.of();

    public LogsView() {
        DashboardContext dashboard = DashboardContext.current();
        logs = dashboard.services().get(LogQuery.class);
        refresher = new AutoRefresh(this, this::refresh);

        service.setId("filter-service");
        service.setPlaceholder("All services");
        service.setClearButtonVisible(true);
        levels.setId("filter-level");
        levels.setPlaceholder("All levels");
        levels.setItems(Level.values());
        levels.setItemLabelGenerator(Level::label);
        levels.setClearButtonVisible(true);
        text.setId("filter-text");
        text.setClearButtonVisible(true);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        query.setId("filter-query");
        query.setPlaceholder(QUERY_EXAMPLE);
        query.setClearButtonVisible(true);
        query.setWidthFull();
        // A half-typed query is almost always invalid: apply it on Enter or when the field loses focus.
        query.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        // The store judges the query; the field's own validation would clear that verdict on the next edit.
        query.setManualValidation(true);
        autoRefresh.setId("auto-refresh");
        status.setId("log-status");

        // Only the user's edits count: beforeEnter sets the fields from the address and refreshes once itself.
        service.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        levels.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        text.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        query.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        autoRefresh.addValueChangeListener(event -> refresher.setRunning(event.getValue()));

        HorizontalLayout filters = new HorizontalLayout(service, levels, text, autoRefresh, status);
        filters.setId("log-filters");
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWidthFull();

        configureGrid();
        setSizeFull();
        add(filters, query, grid);
        setFlexGrow(1, grid);
    }

    private void configureGrid() {
        grid.setId("logs-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setSizeFull();
        grid.setEmptyStateText("No log records match the filter");
        grid.setPartNameGenerator(log -> "log-row level-" + log.level().label());
        grid.addColumn(log -> RecordFormat.time(log.timestamp()))
                .setHeader("Time").setKey("time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(LitRenderer.<LogRecord>of(
                        "<span class=\"log-level\" style=\"color: ${item.color}\">${item.level}</span>")
                .withProperty("level", log -> log.level().label())
                .withProperty("color", log -> RecordFormat.levelColor(log.level())))
                .setHeader("Level").setKey("level").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(log -> RecordFormat.orEmpty(log.entityName()))
                .setHeader("Service").setKey("service").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(log -> RecordFormat.orEmpty(log.gearId()))
                .setHeader("Gear").setKey("gear").setAutoWidth(true).setFlexGrow(0);
        // Lit escapes ${...}, so a body carrying markup shows as text.
        grid.addColumn(LitRenderer.<LogRecord>of("<span class=\"log-body\">${item.body}</span>")
                        .withProperty("body", LogRecord::body))
                .setHeader("Body").setKey("body").setFlexGrow(1)
                .setTooltipGenerator(LogRecord::body);
        grid.addColumn(log -> RecordFormat.orEmpty(log.traceId()))
                .setHeader("Trace ID").setKey("trace").setAutoWidth(true).setFlexGrow(0);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        LogFilter filter = LogFilter.fromQueryParameters(event.getLocation().getQueryParameters().getParameters());
        offerServices(filter.service());
        service.setValue(filter.service());
        levels.setValue(filter.levels());
        text.setValue(filter.text() == null ? "" : filter.text());
        query.setValue(filter.query() == null ? "" : filter.query());
        refresh();
    }

    private void filterChanged() {
        LogFilter filter = currentFilter();
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location(ROUTE, new QueryParameters(filter.toQueryParameters()))));
        refresh();
    }

    private LogFilter currentFilter() {
        return new LogFilter(service.getValue(), levels.getValue(), text.getValue(), query.getValue());
    }

    private void refresh() {
        LogFilter filter = currentFilter();
        try {
            offerServices(filter.service());
            List<LogRecord> found = logs.search(filter.toSearch());
            grid.setItems(found);
            status.setText(found.size() == LogFilter.LIMIT ? "newest " + LogFilter.LIMIT + " records"
                    : found.size() + (found.size() == 1 ? " record" : " records"));
            query.setInvalid(false);
        } catch (LogQuerySyntaxException e) {
            // The user's mistake, not an outage: say where it is and keep showing the last good results.
            query.setErrorMessage(e.getMessage());
            query.setInvalid(true);
        } catch (RuntimeException e) {
            // A store outage should leave the page usable and say why it is stale.
            LOG.log(System.Logger.Level.WARNING, "Log search for the dashboard failed", e);
            status.setText("Log search failed: " + e.getMessage());
        }
    }

    /** Keeps the service choices current without disturbing an open drop-down when nothing changed. */
    private void offerServices(String selected) {
        List<String> choices = new ArrayList<>(logs.entityNames());
        if (selected != null && !choices.contains(selected)) {
            choices.add(selected);
        }
        if (!choices.equals(serviceChoices)) {
            serviceChoices = List.copyOf(choices);
            service.setItems(serviceChoices);
            service.setValue(selected);
        }
    }
}
