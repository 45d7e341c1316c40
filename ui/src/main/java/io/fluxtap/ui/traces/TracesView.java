package io.fluxtap.ui.traces;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
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
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.sql.Beside;
import io.fluxtap.ui.sql.Sql;
import io.fluxtap.ui.views.MainLayout;
import io.fluxtap.ui.views.RecordFormat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Trace search and the trace view; see the package documentation. */
@Route(value = "traces/:traceId?", layout = MainLayout.class)
@PageTitle("Traces · Fluxtap")
public class TracesView extends VerticalLayout implements BeforeEnterObserver {

    private static final System.Logger LOG = System.getLogger(TracesView.class.getName());
    static final String ROUTE = "traces";
    private static final String[] PALETTE = {"#1a73e8", "#e8710a", "#12b5cb", "#9334e6", "#188038", "#d01884",
            "#f9ab00", "#5f6368"};

    /** One search result. */
    record TraceHit(String traceId, Instant started, long durationMicros, long spans, long errors, String service,
                    String root) {
    }

    /** A log line of the trace. */
    record TraceLog(Instant ts, String level, String service, String spanId, String body) {
    }

    /** A business message the trace carried. */
    record TraceMessage(Instant ts, String fluxId, String wireId, String service, String json) {
    }

    private final ServiceLookup services;
    private final Clock clock = Clock.systemUTC();
    private final Span status = new Span();
    private Location location = new Location(ROUTE);

    public TracesView() {
        services = DashboardContext.current().services();
        status.setId("traces-status");
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        location = event.getLocation();
        removeAll();
        status.setText("");
        List<SqlQueries> sql = services.all(SqlQueries.class);
        if (sql.isEmpty()) {
            add(new H2("Traces"), new Span("No SQL service: traces need the storage module."));
            return;
        }
        String traceId = event.getRouteParameters().get("traceId").orElse(null);
        if (traceId == null) {
            showSearch(sql.getFirst(), TraceSearch.of(location.getQueryParameters()), TimeRange.of(location));
        } else {
            showTrace(sql.getFirst(), traceId.toLowerCase(Locale.ROOT));
        }
    }

    // ---- search

    private void showSearch(SqlQueries sql, TraceSearch search, TimeRange range) {
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        Beside<SqlQueries.Result> services = Beside.read(() -> sql.query(TraceSql.services(from, to), Sql.TIMEOUT));
        List<TraceHit> hits = search(sql, search, from, to);
        ComboBox<String> service = new ComboBox<>("Service");
        service.setId("trace-service");
        service.setClearButtonVisible(true);
        TextField operation = new TextField("Operation");
        operation.setId("trace-operation");
        IntegerField min = new IntegerField("Min ms");
        min.setId("trace-min");
        IntegerField max = new IntegerField("Max ms");
        max.setId("trace-max");
        Select<String> statusChoice = new Select<>();
        statusChoice.setLabel("Status");
        statusChoice.setId("trace-status");
        statusChoice.setItems("any", "error", "ok", "unset");
        TextField attribute = new TextField("Attribute");
        attribute.setId("trace-attr");
        attribute.setPlaceholder("http.route=/pay");
        TextField flux = new TextField("Flux id");
        flux.setId("trace-flux");
        Button go = new Button("Search");
        go.setId("trace-search");
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        for (var field : List.of(min, max)) {
            field.setWidth("7em");
            field.setMin(0);
        }
        try {
            List<String> names = new ArrayList<>();
            for (List<Object> row : services.join().rows()) {
                names.add(Sql.asText(row, 0));
            }
            if (search.service() != null && !names.contains(search.service())) {
                names.add(search.service());
            }
            service.setItems(names);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Trace services query failed", e);
        }
        service.setValue(search.service());
        operation.setValue(search.operation() == null ? "" : search.operation());
        min.setValue(search.minMillis() == null ? null : Math.toIntExact(Math.min(search.minMillis(), Integer.MAX_VALUE)));
        max.setValue(search.maxMillis() == null ? null : Math.toIntExact(Math.min(search.maxMillis(), Integer.MAX_VALUE)));
        statusChoice.setValue(search.status() == null ? "any" : search.status());
        attribute.setValue(search.attribute() == null ? "" : search.attribute());
        flux.setValue(search.fluxId() == null ? "" : Long.toUnsignedString(search.fluxId()));
        go.addClickListener(e -> {
            TraceSearch next = new TraceSearch(service.getValue(), blank(operation.getValue()),
                    min.getValue() == null ? null : min.getValue().longValue(),
                    max.getValue() == null ? null : max.getValue().longValue(),
                    "any".equals(statusChoice.getValue()) ? null : statusChoice.getValue(),
                    blank(attribute.getValue()), parseFlux(flux.getValue()));
            QueryParameters own = new QueryParameters(next.toParameters());
            UI.getCurrent().navigate(ROUTE, TimeRange.of(location).mergeInto(own));
        });
        HorizontalLayout form = new HorizontalLayout(service, operation, min, max, statusChoice, attribute, flux, go);
        form.setId("trace-form");
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.getStyle().set("flex-wrap", "wrap");
        form.setWidthFull();

        Grid<TraceHit> results = new Grid<>();
        results.setId("trace-results");
        results.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        results.setSizeFull();
        long longest = hits.stream().mapToLong(TraceHit::durationMicros).max().orElse(1);
        results.addColumn(hit -> RecordFormat.time(hit.started())).setHeader("Started").setAutoWidth(true)
                .setFlexGrow(0).setSortable(true).setComparator(TraceHit::started);
        results.addColumn(TraceHit::service).setHeader("Service").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        results.addColumn(LitRenderer.<TraceHit>of("<a class=\"trace-link\" href=\"traces/${item.id}\">${item.root}</a>")
                .withProperty("id", TraceHit::traceId).withProperty("root", TraceHit::root))
                .setHeader("Root span").setFlexGrow(1);
        results.addColumn(LitRenderer.<TraceHit>of("""
                        <div style="display:flex;align-items:center;gap:6px"><div class="duration-bar" \
                        style="height:8px;border-radius:2px;width:${item.width}%;min-width:2px;background:${item.color}">\
                        </div><span>${item.label}</span></div>""")
                        .withProperty("width", hit -> Math.max(1, Math.round(70.0 * hit.durationMicros() / longest)))
                        .withProperty("color", hit -> hit.errors() > 0 ? "var(--lumo-error-color)" : "var(--lumo-primary-color)")
                        .withProperty("label", hit -> RecordFormat.duration(Duration.ofNanos(hit.durationMicros() * 1000))))
                .setHeader("Duration").setWidth("16em").setFlexGrow(0).setSortable(true)
                .setComparator(TraceHit::durationMicros);
        results.addColumn(TraceHit::spans).setHeader("Spans").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        results.addColumn(TraceHit::errors).setHeader("Errors").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        results.addColumn(TraceHit::traceId).setHeader("Trace ID").setAutoWidth(true).setFlexGrow(0);
        results.setEmptyStateText(search.fluxId() != null
                ? "No trace carried flux id " + Long.toUnsignedString(search.fluxId())
                : "No traces in " + TimeRange.of(location).label().toLowerCase(Locale.ROOT)
                + " match. Traces arrive over OTLP (gRPC :4317, HTTP /v1/traces); widen the time range or clear a filter.");
        results.setItems(hits);
        status.setText(hits.size() == TraceSql.RESULTS ? "newest " + TraceSql.RESULTS + " traces" : hits.size() + " traces");
        add(new H2("Traces"), form, status, results);
        setFlexGrow(1, results);
    }

    private List<TraceHit> search(SqlQueries sql, TraceSearch search, Instant from, Instant to) {
        try {
            SqlQueries.Result result = sql.query(TraceSql.search(search, from, to), Sql.TIMEOUT);
            List<TraceHit> hits = new ArrayList<>();
            for (List<Object> row : result.rows()) {
                hits.add(new TraceHit(Sql.asText(row, 0), Sql.asInstant(row, 1), Sql.asLong(row, 2), Sql.asLong(row, 3),
                        Sql.asLong(row, 4), Sql.asText(row, 5), Sql.asText(row, 6)));
            }
            return hits;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Trace search failed", e);
            status.setText("Trace search failed: " + e.getMessage());
            return List.of();
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Long parseFlux(String text) {
        try {
            return text == null || text.isBlank() ? null : Long.parseUnsignedLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- one trace

    private void showTrace(SqlQueries sql, String traceId) {
        Anchor back = new Anchor(ROUTE, "← Trace search");
        H2 title = new H2("Trace " + traceId);
        title.setId("trace-title");
        if (!TraceSql.isTraceId(traceId)) {
            add(back, title, new Span("Not a trace id: a trace id is 32 hexadecimal digits."));
            return;
        }
        // The trace's logs and messages are each a scan of their own table: read beside the spans.
        Beside<SqlQueries.Result> logs = Beside.read(() -> sql.query(TraceSql.logs(traceId), Sql.TIMEOUT));
        Beside<SqlQueries.Result> messages = Beside.read(() -> sql.query(TraceSql.messages(traceId), Sql.TIMEOUT));
        List<SpanRow> spans;
        boolean truncated;
        try {
            SqlQueries.Result result = sql.query(TraceSql.spans(traceId), Sql.TIMEOUT);
            truncated = result.truncated() || result.rows().size() == TraceSql.MAX_SPANS;
            List<SpanRow> raw = new ArrayList<>();
            for (List<Object> r : result.rows()) {
                raw.add(new SpanRow(Sql.asText(r, 0), Sql.asText(r, 1), Sql.asText(r, 2), Sql.asText(r, 3),
                        Sql.asText(r, 4), Sql.asInstant(r, 5), Sql.asLong(r, 6), Sql.asText(r, 7), Sql.asText(r, 8),
                        Sql.asText(r, 9), Sql.asText(r, 10), Sql.asText(r, 11), Sql.asText(r, 12), 0));
            }
            spans = Waterfall.order(raw);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Trace query failed", e);
            add(back, title, new Span("Could not read the trace: " + e.getMessage()));
            return;
        }
        if (spans.isEmpty()) {
            Span none = new Span("No spans stored for this trace id. It may not have arrived yet, or retention removed it.");
            none.setId("trace-empty");
            add(back, title, none);
            return;
        }
        Instant start = spans.stream().map(SpanRow::start).min(Instant::compareTo).orElseThrow();
        Instant end = spans.stream().map(s -> s.start().plusNanos(s.durationNanos())).max(Instant::compareTo).orElseThrow();
        double total = Math.max(1, Duration.between(start, end).toNanos());
        long errors = spans.stream().filter(SpanRow::error).count();
        Span summary = new Span(spans.size() + " spans" + (truncated ? " (cut at " + TraceSql.MAX_SPANS + ")" : "")
                + ", " + errors + " errors, " + RecordFormat.duration(Duration.between(start, end))
                + ", started " + RecordFormat.time(start));
        summary.setId("trace-summary");

        Grid<SpanRow> waterfall = new Grid<>();
        waterfall.setId("waterfall");
        waterfall.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        waterfall.setSizeFull();
        waterfall.addColumn(LitRenderer.<SpanRow>of("""
                        <span class="span-name" style="padding-left:${item.indent}em;white-space:nowrap">\
                        <span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${item.color}"></span> \
                        <b>${item.service}</b> ${item.name}${item.mark}</span>""")
                        .withProperty("indent", s -> Math.min(s.depth(), 40) * 0.8)
                        .withProperty("color", s -> colorOf(s.service()))
                        .withProperty("service", s -> RecordFormat.orEmpty(s.service()))
                        .withProperty("name", SpanRow::name)
                        .withProperty("mark", s -> s.error() ? " ⚠" : ""))
                .setHeader("Span").setWidth("40%").setResizable(true);
        waterfall.addColumn(LitRenderer.<SpanRow>of("""
                        <div style="position:relative;height:14px"><div class="span-bar" \
                        style="position:absolute;left:${item.left}%;width:${item.width}%;min-width:2px;height:100%;\
                        border-radius:2px;background:${item.color};outline:${item.outline}"></div></div>""")
                        .withProperty("left", s -> 100.0 * Duration.between(start, s.start()).toNanos() / total)
                        .withProperty("width", s -> 100.0 * s.durationNanos() / total)
                        .withProperty("color", s -> colorOf(s.service()))
                        .withProperty("outline", s -> s.error() ? "2px solid var(--lumo-error-color)" : "none"))
                .setHeader("Timeline").setFlexGrow(1);
        waterfall.addColumn(s -> RecordFormat.duration(Duration.ofNanos(s.durationNanos())))
                .setHeader("Duration").setAutoWidth(true).setFlexGrow(0);
        waterfall.setItems(spans);

        VerticalLayout detail = new VerticalLayout();
        detail.setId("span-detail");
        detail.add(new Span("Select a span to see its attributes, events, links and resource."));
        waterfall.asSingleSelect().addValueChangeListener(e -> showSpan(detail, e.getValue()));

        SplitLayout split = new SplitLayout(waterfall, detail);
        split.setSplitterPosition(70);
        split.setSizeFull();
        split.getStyle().set("min-height", "24em");

        add(back, title, summary, split, new H3("Logs of this trace"), traceLogs(logs),
                new H3("Business messages"), traceMessages(messages));
        setFlexGrow(1, split);
    }

    private void showSpan(VerticalLayout detail, SpanRow span) {
        detail.removeAll();
        if (span == null) {
            return;
        }
        H3 name = new H3(span.name());
        name.setId("span-detail-name");
        detail.add(name, new Span(RecordFormat.orEmpty(span.service()) + " · " + span.kind() + " · status "
                        + span.status() + (span.statusMessage() == null ? "" : " (" + span.statusMessage() + ")")),
                new Span("span " + span.spanId() + (span.parentSpanId() == null ? "" : ", parent " + span.parentSpanId())),
                new Span("start " + RecordFormat.time(span.start()) + ", "
                        + RecordFormat.duration(Duration.ofNanos(span.durationNanos()))));
        section(detail, "Attributes", span.attributes(), "span-attributes");
        section(detail, "Events", span.events(), "span-events");
        section(detail, "Links", span.links(), "span-links");
        section(detail, "Resource", span.resource(), "span-resource");
    }

    private static void section(VerticalLayout detail, String title, String json, String id) {
        Pre body = new Pre(json == null || json.isBlank() ? "—" : json);
        body.setId(id);
        body.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all").set("margin", "0")
                .set("font-size", "var(--lumo-font-size-s)");
        detail.add(new Span(title), body);
    }

    private Grid<TraceLog> traceLogs(Beside<SqlQueries.Result> read) {
        Grid<TraceLog> grid = new Grid<>();
        grid.setId("trace-logs");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.addColumn(l -> RecordFormat.time(l.ts())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TraceLog::level).setHeader("Level").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TraceLog::service).setHeader("Service").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TraceLog::body).setHeader("Body").setFlexGrow(1);
        grid.setEmptyStateText("No logs carry this trace id.");
        try {
            List<TraceLog> logs = new ArrayList<>();
            for (List<Object> r : read.join().rows()) {
                logs.add(new TraceLog(Sql.asInstant(r, 0), Sql.asText(r, 1), Sql.asText(r, 2), Sql.asText(r, 3),
                        Sql.asText(r, 4)));
            }
            grid.setItems(logs);
        } catch (RuntimeException e) {
            grid.setEmptyStateText("Could not read the logs: " + e.getMessage());
        }
        return grid;
    }

    private Grid<TraceMessage> traceMessages(Beside<SqlQueries.Result> read) {
        Grid<TraceMessage> grid = new Grid<>();
        grid.setId("trace-messages");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.addColumn(m -> RecordFormat.time(m.ts())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(LitRenderer.<TraceMessage>of("<a href=\"traces?flux=${item.flux}\">${item.flux}</a>")
                .withProperty("flux", TraceMessage::fluxId)).setHeader("Flux id").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TraceMessage::wireId).setHeader("Wire").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TraceMessage::json).setHeader("Message").setFlexGrow(1);
        grid.setEmptyStateText("No business message carries this trace id.");
        try {
            List<TraceMessage> messages = new ArrayList<>();
            for (List<Object> r : read.join().rows()) {
                messages.add(new TraceMessage(Sql.asInstant(r, 0), Sql.asText(r, 1), Sql.asText(r, 2), Sql.asText(r, 3),
                        Sql.asText(r, 4)));
            }
            grid.setItems(messages);
        } catch (RuntimeException e) {
            grid.setEmptyStateText("Could not read the messages: " + e.getMessage());
        }
        return grid;
    }

    /** A stable colour per service, so a service looks the same in every trace. */
    static String colorOf(String service) {
        return PALETTE[Math.floorMod(service == null ? 0 : service.hashCode(), PALETTE.length)];
    }
}
