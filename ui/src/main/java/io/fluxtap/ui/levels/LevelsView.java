package io.fluxtap.ui.levels;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.levels.LevelControl;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.api.levels.LoggerLevel;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.login.AccessDeniedException;
import io.fluxtap.ui.login.DashboardAccess;
import io.fluxtap.ui.views.MainLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Per-service levels and Fluxtap's own logger levels: see the package description. */
@Route(value = LevelsView.ROUTE, layout = MainLayout.class)
@PageTitle("Levels · Fluxtap")
public class LevelsView extends VerticalLayout {

    public static final String ROUTE = "levels";
    private static final System.Logger LOG = System.getLogger(LevelsView.class.getName());
    private static final List<Level> SETTABLE = List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR,
            Level.FATAL);

    /** One service as the page lists it. */
    record ServiceRow(String service, Level level, LevelOverride override) {
    }

    private final LevelControl levels;
    private final List<LogQuery> logs;
    private final ComboBox<String> service = new ComboBox<>("Service");
    private final Select<Level> level = new Select<>();
    private final TextField ttl = new TextField("TTL");
    private final TextField reason = new TextField("Reason");
    private final Span guard = new Span();
    private final Span message = new Span();
    /** Whether the signed-in role may change levels; the actions check again (a hidden button is not the check). */
    private final boolean editable = DashboardAccess.canChange();
    private final Grid<ServiceRow> services = new Grid<>();
    private final Grid<LoggerLevel> loggers = new Grid<>();

    public LevelsView() {
        DashboardContext dashboard = DashboardContext.current();
        levels = dashboard.services().get(LevelControl.class);
        logs = dashboard.services().all(LogQuery.class);

        service.setId("level-service");
        service.setAllowCustomValue(true);
        service.addCustomValueSetListener(event -> service.setValue(event.getDetail()));
        level.setId("level-level");
        level.setLabel("Level");
        level.setItems(SETTABLE);
        level.setItemLabelGenerator(Level::label);
        level.setValue(Level.DEBUG);
        ttl.setId("level-ttl");
        ttl.setValue(DurationText.format(levels.defaultVerboseTtl()));
        ttl.setHelperText("empty: until reset (not for trace/debug)");
        reason.setId("level-reason");
        guard.setId("level-guard");
        guard.setText("trace and debug need a TTL of at most " + DurationText.format(levels.maxVerboseTtl())
                + " and are rate-limited per service; default level for all services: " + levels.defaultLevel().label());
        message.setId("level-message");
        Button set = new Button("Set level", event -> setLevel());
        set.setId("level-set");
        set.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        HorizontalLayout form = new HorizontalLayout(service, level, ttl, reason, set);
        form.setVisible(editable);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.getStyle().set("flex-wrap", "wrap");

        configureServices();
        loggers.setId("loggers-grid");
        loggers.addThemeVariants(GridVariant.LUMO_COMPACT);
        loggers.addColumn(LoggerLevel::name).setHeader("Logger").setFlexGrow(1);
        loggers.addColumn(l -> l.level() == null ? "(inherited)" : l.level().label()).setHeader("Set");
        loggers.addColumn(l -> l.effective() == null ? "off" : l.effective().label()).setHeader("Effective");
        loggers.setAllRowsVisible(true);

        add(new H3("Service levels"), guard, form, message, services, new H3("Fluxtap's own loggers"), loggers);
    }

    private void configureServices() {
        services.setId("levels-grid");
        services.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        services.setPartNameGenerator(row -> row.override() == null ? "level-row" : "level-row level-overridden");
        services.addColumn(ServiceRow::service).setHeader("Service").setKey("service").setAutoWidth(true);
        services.addColumn(row -> row.level().label()).setHeader("Level").setKey("level").setAutoWidth(true);
        services.addColumn(row -> row.override() == null ? "default" : "override").setHeader("Source").setKey("source");
        services.addColumn(row -> row.override() == null ? "" : row.override().setBy()).setHeader("Set by");
        services.addColumn(row -> row.override() == null ? "" : row.override().reason()).setHeader("Reason");
        services.addColumn(row -> row.override() == null || row.override().expiresAt() == null ? ""
                : row.override().expiresAt().toString()).setHeader("Expires").setKey("expires");
        services.addColumn(row -> row.override() != null && row.override().throttled() ? "throttled" : "")
                .setHeader("Guard").setKey("throttled");
        services.addComponentColumn(row -> {
            Button reset = new Button("Reset", event -> {
                if (allowed()) {
                    levels.clear(row.service(), caller());
                }
                refresh();
            });
            reset.addClassName("level-reset");
            reset.setEnabled(row.override() != null);
            reset.setVisible(editable);
            return reset;
        }).setHeader("");
        services.setEmptyStateText("No service seen yet: set a level above, or send logs with a service.name");
        services.setAllRowsVisible(true);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        refresh();
    }

    private void setLevel() {
        if (!allowed()) {
            return;
        }
        String name = service.getValue() == null ? "" : service.getValue().strip();
        try {
            Duration duration = ttl.getValue().isBlank() ? null : parseTtl(ttl.getValue());
            if (duration == null && LevelOverride.isVerbose(level.getValue())) {
                throw new LevelRequestException("ttl", level.getValue().label() + " needs a TTL");
            }
            LevelOverride set = levels.set(name, level.getValue(), duration, reason.getValue(), caller());
            message.setText(set.service() + " is at " + set.level().label()
                    + (set.expiresAt() == null ? " until reset" : " until " + set.expiresAt()));
            message.getStyle().remove("color");
        } catch (LevelRequestException e) {
            message.setText(e.field() + ": " + e.getMessage());
            message.getStyle().set("color", "var(--lumo-error-text-color)");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot set the level of " + name, e);
            message.setText("the level could not be set; see the Fluxtap log");
            message.getStyle().set("color", "var(--lumo-error-text-color)");
        }
        refresh();
    }

    private static Duration parseTtl(String text) {
        try {
            return DurationText.parse("ttl", text);
        } catch (IllegalArgumentException e) {
            throw new LevelRequestException("ttl", e.getMessage());
        }
    }

    private void refresh() {
        Map<String, ServiceRow> rows = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>();
        for (LogQuery query : logs) {
            try {
                names.addAll(query.entityNames());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list the services of the log store", e);
            }
        }
        levels.overrides().forEach(o -> names.add(o.service()));
        for (String name : names) {
            var current = levels.level(name);
            rows.put(name, new ServiceRow(name, current.level(), current.override()));
        }
        services.setItems(List.copyOf(rows.values()));
        service.setItems(List.copyOf(names));
        loggers.setItems(levels.loggers().stream()
                .filter(l -> l.name().equals("root") || l.name().startsWith("io.fluxtap")).toList());
    }

    /** The server-side check of every level change; a refusal is shown and audited. */
    private boolean allowed() {
        try {
            DashboardAccess.requireChange("change levels");
            return true;
        } catch (AccessDeniedException e) {
            message.setText(e.getMessage());
            message.getStyle().set("color", "var(--lumo-error-text-color)");
            return false;
        }
    }

    private static String caller() {
        return DashboardAccess.caller();
    }
}
