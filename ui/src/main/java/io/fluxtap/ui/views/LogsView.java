package io.fluxtap.ui.views;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.PushConfiguration;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
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
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.Level;
import io.fluxtap.api.LevelCount;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.chart.ChartSeries;
import io.fluxtap.ui.chart.ChartUnit;
import io.fluxtap.ui.chart.TimeChart;
import io.fluxtap.ui.query.FieldCompletion;
import io.fluxtap.ui.query.LogFilter;
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.sql.Beside;
import io.fluxtap.ui.sql.Buckets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log records of the page's time range, newest first and paged lazily as the grid scrolls, filtered by
 * service, level, body text and a query in the log filter language; a histogram of the range stacked by level
 * (drag or click a bar to zoom); a detail panel with every attribute and resource field; trace links; a live
 * tail with a pause; "show context" (the records of the same service around one); field-name completion in the
 * query bar.
 *
 * <p>The live tail runs while the range ends now and the shell's refresh is not {@code off}: new matching records
 * are pushed on top of the grid within about a second ({@link LiveTail}), at most {@link #TAIL_KEEP} of them before
 * the page searches afresh; the shell's poll redraws the histogram. Paused, the grid stays as it is and a note
 * counts the records waiting; resumed, they are added at once.
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
    /** The most records the live tail adds above the page's first search before it searches afresh. */
    static final int TAIL_KEEP = 1000;
    private final Button pause = new Button("Pause");
    private final Span tailNote = new Span();
    /** Records either side of the one whose context is shown. */
    static final int CONTEXT_EACH = 20;
    private static final int MOST_SUGGESTIONS = 12;
    /** Attribute keys offered, at most; read once per search, at the first keystroke that needs them. */
    private static final int MOST_KEYS = 500;
    private final Div suggestions = new Div();
    private List<String> attributeKeys;
    private final TimeChart histogram = new TimeChart(TimeChart.Kind.STACKED_BARS, ChartUnit.COUNT);
    private final Span histogramNote = new Span();
    private final VerticalLayout detail = new VerticalLayout();
    private final Clock clock = Clock.systemUTC();
    private TimeRange range = TimeRange.of(QueryParameters.empty(), null);
    private Location location = new Location(ROUTE);
    private final Span status = new Span();
    private final Grid<LogRecord> grid = new Grid<>();
    private final LiveTail tail;
    private final Duration defaultRefresh;
    private LogPager pager;
    private List<String> serviceChoices = List.of();

    public LogsView() {
        DashboardContext dashboard = DashboardContext.current();
        logs = dashboard.services().get(LogQuery.class);
        defaultRefresh = dashboard.refreshInterval();
        tail = new LiveTail(logs, TAIL_KEEP, new TailListener());
        // The shell's poll redraws the histogram of the moving range and catches up without push.
        new AutoRefresh(this, this::polled);

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
        // Completion follows the typing in the browser; the value reaches the server only on Enter or blur.
        query.getElement().addEventListener("input", e -> suggest(e.getEventData().path("element.value").asString()))
                .addEventData("element.value").debounce(200);
        suggestions.setId("query-suggestions");
        suggestions.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)");
        pause.setId("log-tail-pause");
        pause.setVisible(false);
        pause.addClickListener(e -> togglePause());
        tailNote.setId("log-tail-note");
        tailNote.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        status.setId("log-status");

        // Only the user's edits count: beforeEnter sets the fields from the address and refreshes once itself.
        service.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        levels.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        text.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });
        query.addValueChangeListener(event -> { if (event.isFromClient()) filterChanged(); });

        HorizontalLayout filters = new HorizontalLayout(service, levels, text, pause, status, tailNote);
        filters.setId("log-filters");
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWidthFull();
        // Below ~500 px the fields wrap onto new lines instead of running off the screen.
        filters.getStyle().set("flex-wrap", "wrap");
        service.getStyle().set("min-width", "10em").set("flex", "1 1 10em");
        levels.getStyle().set("min-width", "10em").set("flex", "1 1 10em");
        text.getStyle().set("min-width", "10em").set("flex", "1 1 10em");
        query.getStyle().set("min-width", "0");

        histogram.setId("log-histogram");
        histogram.setHeightPixels(120);
        histogram.addZoomListener(e -> {
            if (e.from().isBefore(e.to())) {
                UI.getCurrent().navigate(ROUTE, TimeRange.fixed(e.from(), e.to())
                        .mergeInto(new QueryParameters(currentFilter().toQueryParameters())));
            }
        });
        histogramNote.setId("log-histogram-note");
        histogramNote.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        detail.setId("log-detail");
        detail.setVisible(false);
        detail.setWidth("32em");
        detail.getStyle().set("max-width", "45%").set("overflow", "auto")
                .set("border-left", "1px solid var(--lumo-contrast-10pct)");

        configureGrid();
        HorizontalLayout body = new HorizontalLayout(grid, detail);
        body.setSizeFull();
        body.setPadding(false);
        body.setFlexGrow(1, grid);
        setSizeFull();
        add(filters, query, suggestions, histogramNote, histogram, body);
        setFlexGrow(1, body);
    }

    private void configureGrid() {
        grid.setId("logs-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setSizeFull();
        grid.setEmptyStateText(EMPTY);
        grid.setColumnReorderingAllowed(true);
        grid.addItemClickListener(e -> showDetail(e.getItem()));
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
        grid.addColumn(LitRenderer.<LogRecord>of("<a class=\"trace-link\" href=\"traces/${item.trace}\">${item.trace}</a>")
                        .withProperty("trace", log -> RecordFormat.orEmpty(log.traceId())))
                .setHeader("Trace ID").setKey("trace").setAutoWidth(true).setFlexGrow(0);
        grid.getColumns().forEach(column -> column.setResizable(true));
    }

    /** What a page with nothing to show tells a new user: where records come from. */
    static final String EMPTY = "No log records in this range match the filter. Logs arrive over OTLP: gRPC on port"
            + " 4317, or HTTP: curl -H 'Content-Type: application/json' http://localhost:4318/v1/logs -d"
            + " '{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
            + "{\"stringValue\":\"demo\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"severityText\":\"INFO\","
            + "\"body\":{\"stringValue\":\"hello\"}}]}]}]}'. Widen the time range or clear a filter if you expected some.";

    private void showDetail(LogRecord log) {
        detail.removeAll();
        Button close = new Button("Close", e -> detail.setVisible(false));
        close.setId("log-detail-close");
        H3 title = new H3(RecordFormat.time(log.timestamp()) + " " + log.level().label());
        Pre body = new Pre(log.body());
        body.setId("log-detail-body");
        body.getStyle().set("white-space", "pre-wrap").set("word-break", "break-word");
        VerticalLayout context = new VerticalLayout();
        context.setId("log-context");
        context.setPadding(false);
        context.setSpacing(false);
        Button showContext = new Button("Show context", e -> showContext(log, context));
        showContext.setId("log-detail-context");
        detail.add(new HorizontalLayout(close, showContext), title, body, context);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", log.entityName());
        fields.put("gear", log.gearId());
        fields.put("machine", log.machineId());
        fields.put("trace_id", log.traceId());
        fields.put("span_id", log.spanId());
        fields.put("flux_id", log.fluxId() == null ? null : Long.toUnsignedString(log.fluxId()));
        fields.put("severity", log.severityText() + " (" + log.severityNumber() + ")");
        fields.put("scope", log.scopeName());
        fields.put("observed", RecordFormat.time(log.observedTimestamp()));
        detail.add(section("Record", fields, "log-detail-record"), section("Attributes", log.attributes(), "log-detail-attributes"),
                section("Resource", log.resource(), "log-detail-resource"));
        if (log.traceId() != null) {
            detail.add(new Anchor("traces/" + log.traceId(), "Open the trace →"));
        }
        if (log.fluxId() != null) {
            detail.add(new Anchor("traces?flux=" + Long.toUnsignedString(log.fluxId()),
                    "Traces of its business message →"));
        }
        detail.setVisible(true);
    }

    /** The records of the same service just before and after {@code log}, whatever the filter, {@code log} marked. */
    private void showContext(LogRecord log, VerticalLayout box) {
        box.removeAll();
        LogContext around;
        try {
            around = logs.context(log, CONTEXT_EACH);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Log context for the dashboard failed", e);
            box.add(new Span("Context unavailable: " + e.getMessage()));
            return;
        }
        box.add(new H3("Context of " + (log.entityName() == null ? "records without a service" : log.entityName())
                + ": " + around.before().size() + " before, " + around.after().size() + " after"));
        around.before().forEach(r -> box.add(contextLine(r, false)));
        Div selected = contextLine(log, true);
        box.add(selected);
        around.after().forEach(r -> box.add(contextLine(r, false)));
        selected.scrollIntoView();
    }

    private Div contextLine(LogRecord log, boolean selected) {
        Div line = new Div(RecordFormat.time(log.timestamp()) + " " + log.level().label() + " " + log.body());
        line.addClassName("log-context-line");
        line.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)")
                .set("font-size", "var(--lumo-font-size-s)").set("word-break", "break-word")
                .set("color", RecordFormat.levelColor(log.level()));
        if (selected) {
            line.addClassName("log-context-selected");
            line.getElement().setAttribute("aria-current", "true");
            line.getStyle().set("font-weight", "bold").set("background", "var(--lumo-primary-color-10pct)")
                    .set("border-left", "3px solid var(--lumo-primary-color)");
        } else {
            line.getStyle().set("cursor", "pointer");
            line.addClickListener(e -> showDetail(log));
        }
        return line;
    }

    /** Offers field names for the end of what is typed in the query field. */
    private void suggest(String typed) {
        suggestions.removeAll();
        FieldCompletion.at(typed).ifPresent(at -> {
            try {
                if (attributeKeys == null) {
                    attributeKeys = logs.attributeKeys(range.start(clock), range.end(clock), MOST_KEYS);
                }
                for (String candidate : at.candidates(attributeKeys, MOST_SUGGESTIONS)) {
                    Button pick = new Button(candidate, e -> {
                        query.setValue(at.apply(typed, candidate));
                        suggestions.removeAll();
                        query.focus();
                    });
                    pick.addClassName("query-suggestion");
                    // Taking focus would blur the field, whose change event would run the half-typed query.
                    pick.getElement().executeJs("this.addEventListener('mousedown', e => e.preventDefault())");
                    pick.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    suggestions.add(pick);
                }
            } catch (RuntimeException e) {
                // Completion is a help: a failed lookup offers nothing rather than an error while typing.
                LOG.log(System.Logger.Level.DEBUG, "Attribute keys for completion failed", e);
                suggestions.add(new Span("(attribute keys unavailable: " + e.getMessage() + ")"));
            }
        });
    }

    private static VerticalLayout section(String title, Map<String, ?> values, String id) {
        VerticalLayout box = new VerticalLayout();
        box.setId(id);
        box.setPadding(false);
        box.setSpacing(false);
        box.add(new H3(title));
        if (values.isEmpty()) {
            box.add(new Span("—"));
        }
        new TreeMap<>(values).forEach((key, value) -> {
            if (value != null) {
                Span line = new Span(key + " = " + value);
                line.addClassName("log-field");
                line.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)")
                        .set("font-size", "var(--lumo-font-size-s)").set("word-break", "break-all");
                box.add(line);
            }
        });
        return box;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        pushWhileTailing(event.getUI());
        tail.attach(event.getUI());
    }

    /**
     * Push only while the tail runs: a page with push holds a request open, which no other page (and no fixed range
     * or {@code refresh=off}) needs. Long polling, as the embedded Jetty has no WebSocket container (the servlet is
     * async-supported for it).
     */
    private void pushWhileTailing(UI ui) {
        PushConfiguration push = ui.getPushConfiguration();
        push.setTransport(Transport.LONG_POLLING);
        PushMode wanted = tail.running() ? PushMode.AUTOMATIC : PushMode.DISABLED;
        if (push.getPushMode() != wanted) {
            push.setPushMode(wanted);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        tail.detach();
        event.getUI().getPushConfiguration().setPushMode(PushMode.DISABLED);
        super.onDetach(event);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        location = event.getLocation();
        range = TimeRange.of(location.getQueryParameters(), defaultRefresh);
        LogFilter filter = LogFilter.fromQueryParameters(location.getQueryParameters().getParameters());
        // The choices themselves come with the refresh below; the linked service must be one already.
        offerServices(filter.service(), serviceChoices);
        service.setValue(filter.service());
        levels.setValue(filter.levels());
        text.setValue(filter.text() == null ? "" : filter.text());
        query.setValue(filter.query() == null ? "" : filter.query());
        refresh();
    }

    private void filterChanged() {
        LogFilter filter = currentFilter();
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location(ROUTE, range.mergeInto(new QueryParameters(filter.toQueryParameters())))));
        refresh();
    }

    private LogFilter currentFilter() {
        return new LogFilter(service.getValue(), levels.getValue(), text.getValue(), query.getValue());
    }

    private void refresh() {
        attributeKeys = null;
        LogFilter filter = currentFilter();
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        LogSearch base = filter.toSearch();
        LogSearch ranged = new LogSearch(base.entityName(), base.levels(), base.contains(), from, to, LogPager.PAGE,
                base.query());
        // The service list and the histogram are read beside the first page: each is a scan of the range of its
        // own, and the store runs two queries at once.
        Beside<List<String>> names = Beside.read(logs::entityNames);
        Beside<Histogram> counts = Beside.read(() -> histogramOf(ranged, from, to));
        try {
            LogPager fresh = new LogPager(logs, ranged);
            // The first page is read here, so a syntax error surfaces before the grid asks for rows.
            List<LogRecord> first = fresh.slice(0, LogPager.PAGE);
            offerServices(filter.service(), names.join());
            pager = fresh;
            boolean live = range.isRelative() && range.refresh() != null;
            tail.restart(live ? ranged : null, first);
            getUI().ifPresent(this::pushWhileTailing);
            pause.setVisible(live);
            showTailState();
            grid.setEmptyStateText(EMPTY);
            grid.setItems(q -> rows(q.getOffset(), q.getLimit()).stream());
            showStatus();
            query.setInvalid(false);
            showHistogram(counts.join());
        } catch (LogQuerySyntaxException e) {
            // The user's mistake, not an outage: say where it is, in the field and where the rows would be.
            query.setErrorMessage(e.getMessage());
            query.setInvalid(true);
            tail.restart(null, List.of());
            getUI().ifPresent(this::pushWhileTailing);
            pause.setVisible(false);
            grid.setItems(List.of());
            grid.setEmptyStateText("The query has an error: " + e.getMessage());
            status.setText("query error");
        } catch (RuntimeException e) {
            // A store outage should leave the page usable and say why it is stale.
            LOG.log(System.Logger.Level.WARNING, "Log search for the dashboard failed", e);
            status.setText("Log search failed: " + e.getMessage());
        }
    }

    /** Rows {@code offset} on of what the grid shows: the tail's records, then the page's search. */
    private List<LogRecord> rows(int offset, int limit) {
        List<LogRecord> top = tail.records();
        List<LogRecord> rows = new ArrayList<>();
        for (int i = offset; i < top.size() && rows.size() < limit; i++) {
            rows.add(top.get(i));
        }
        if (rows.size() < limit) {
            rows.addAll(pager.slice(Math.max(0, offset - top.size()), limit - rows.size()));
        }
        return rows;
    }

    private void showStatus() {
        if (pager == null) {
            return;
        }
        int count = tail.size() + pager.loadedCount();
        String text = pager.exhausted() ? count + (count == 1 ? " record" : " records")
                : count + "+ records, newest first (scroll for more)";
        status.setText(tail.running() ? text + (tail.paused() ? " · paused" : " · live") : text);
    }

    /** After a new search, or a pause or resume: nothing waits yet until the next round says otherwise. */
    private void showTailState() {
        pause.setText(tail.paused() ? "Resume" : "Pause");
        tailNote.setText(tail.running() && tail.paused() ? "Paused: no new records yet" : "");
    }

    private void togglePause() {
        if (tail.paused()) {
            tail.resume();
        } else {
            tail.pause();
        }
        showTailState();
        showStatus();
    }

    /** The shell's poll: the relative range has moved, so its histogram is drawn again; the tail catches up. */
    private void polled() {
        if (!tail.running() || tail.paused()) {
            return;
        }
        tail.catchUp();
        LogFilter filter = currentFilter();
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        LogSearch base = filter.toSearch();
        try {
            showHistogram(histogramOf(new LogSearch(base.entityName(), base.levels(), base.contains(), from, to,
                    LogPager.PAGE, base.query()), from, to));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Log histogram for the dashboard failed", e);
        }
    }

    /** What the live tail reports, under the session lock. */
    private final class TailListener implements LiveTail.Listener {
        @Override
        public void added() {
            grid.getDataProvider().refreshAll();
            showStatus();
        }

        @Override
        public void overflowed() {
            refresh();
        }

        @Override
        public void waiting(int count, boolean more) {
            tailNote.setText(count == 0 ? "Paused: no new records yet"
                    : "Paused: " + count + (more ? "+" : "") + (count == 1 ? " new record" : " new records") + " waiting");
        }

        @Override
        public void failed(RuntimeException error) {
            status.setText("Live tail failed: " + error.getMessage());
        }
    }

    /** The range's buckets and the store's count of every matching record in each, per level. */
    private record Histogram(Buckets buckets, List<LevelCount> counts) {
    }

    private Histogram histogramOf(LogSearch ranged, Instant from, Instant to) {
        Buckets buckets = Buckets.over(from, to);
        return new Histogram(buckets, logs.levelCounts(new LogSearch(ranged.entityName(), ranged.levels(),
                ranged.contains(), buckets.from(), to, 1, ranged.query()), buckets.step()));
    }

    private void showHistogram(Histogram counted) {
        Buckets buckets = counted.buckets();
        int size = buckets.starts().size();
        Map<Level, double[]> byLevel = new TreeMap<>();
        for (LevelCount count : counted.counts()) {
            int i = buckets.indexOf(count.bucket());
            if (i >= 0) {
                byLevel.computeIfAbsent(count.level(), k -> new double[size])[i] += count.count();
            }
        }
        List<ChartSeries> series = new ArrayList<>();
        byLevel.forEach((level, perBucket) -> series.add(new ChartSeries(level.label(), perBucket, barColor(level))));
        histogram.setStep(buckets.step());
        histogram.setData(buckets.starts(), series);
        histogramNote.setText("Records per " + DurationText.format(buckets.step()) + " by level. Drag or click a bar to zoom.");
    }

    private static String barColor(Level level) {
        return switch (level) {
            case ERROR, FATAL -> "var(--lumo-error-color)";
            case WARN -> "var(--lumo-warning-color, #e8a300)";
            case INFO -> "var(--lumo-primary-color)";
            case TRACE, DEBUG, UNSPECIFIED -> "var(--lumo-contrast-40pct)";
        };
    }

    /** Keeps the service choices current without disturbing an open drop-down when nothing changed. */
    private void offerServices(String selected, List<String> names) {
        List<String> choices = new ArrayList<>(names);
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
