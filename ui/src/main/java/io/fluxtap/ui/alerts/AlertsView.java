package io.fluxtap.ui.alerts;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.alerts.AlertControl;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.alerts.NotificationEntry;
import io.fluxtap.api.alerts.RuleEntry;
import io.fluxtap.api.alerts.RuleGroupEntry;
import io.fluxtap.api.alerts.SilenceEntry;
import io.fluxtap.api.alerts.SilenceMatcher;
import io.fluxtap.api.alerts.SilenceRequest;
import io.fluxtap.api.alerts.SilenceRequestException;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.login.AccessDeniedException;
import io.fluxtap.ui.login.DashboardAccess;
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.views.MainLayout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Alerts, rules, silences and notifications: see the package description. */
@Route(value = AlertsView.ROUTE, layout = MainLayout.class)
@PageTitle("Alerts · Fluxtap")
public class AlertsView extends VerticalLayout implements AfterNavigationObserver {

    public static final String ROUTE = "alerts";
    private static final System.Logger LOG = System.getLogger(AlertsView.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ALL_RECEIVERS = "(all receivers)";
    private static final int HISTORY_LIMIT = 1000;

    private final AlertControl control;
    private final Clock clock = Clock.systemUTC();
    private final TabSheet tabs = new TabSheet();
    private final Span error = new Span();
    private final Grid<AlertEntry> alerts = new Grid<>();
    private final Div rules = new Div();
    private final Grid<SilenceEntry> silences = new Grid<>();
    private final Grid<NotificationEntry> notifications = new Grid<>();
    private final Select<String> receiver = new Select<>();
    private final TextArea matchers = new TextArea("Matchers (one per line)");
    private final TextField duration = new TextField("Duration");
    private final TextField createdBy = new TextField("Created by");
    private final TextField comment = new TextField("Comment");
    private final Button create = new Button("Create silence");
    private final Button cancelEdit = new Button("Cancel edit");
    private final Span silenceMessage = new Span();
    private Tab silencesTab;
    private String editing = "";
    /** Whether the signed-in role may silence; the actions check again (a hidden button is not the check). */
    private final boolean editable = DashboardAccess.canChange();
    private TimeRange range = TimeRange.relative(Duration.ofHours(1), null);

    public AlertsView() {
        control = DashboardContext.current().services().get(AlertControl.class);
        setSizeFull();
        error.setId("alerts-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);

        configureAlerts();
        configureSilences();
        rules.setId("rules-list");
        rules.setWidthFull();

        tabs.setId("alerts-tabs");
        tabs.setWidthFull();
        tabs.add(new Tab("Alerts"), alerts);
        tabs.add(new Tab("Rules"), rules);
        silencesTab = new Tab("Silences");
        tabs.add(silencesTab, silencesPanel());
        tabs.add(new Tab("Notifications"), notificationsPanel());
        tabs.addSelectedChangeListener(event -> refresh());
        add(error, tabs);
        setFlexGrow(1, tabs);
    }

    private void configureAlerts() {
        alerts.setId("alerts-grid");
        alerts.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        alerts.setPartNameGenerator(a -> a.silencedBy().isEmpty() && a.inhibitedBy().isEmpty()
                ? "alert-" + a.state() : "alert-muted");
        alerts.addColumn(AlertEntry::state).setHeader("State").setKey("state").setAutoWidth(true).setFlexGrow(0);
        alerts.addColumn(AlertEntry::name).setHeader("Alert").setKey("name").setAutoWidth(true).setResizable(true);
        alerts.addComponentColumn(a -> chips(a.labels())).setHeader("Labels").setFlexGrow(3).setResizable(true);
        alerts.addColumn(a -> a.annotations().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "))).setHeader("Annotations").setFlexGrow(2).setResizable(true);
        alerts.addColumn(a -> a.since() == null ? "" : TIME.format(a.since()) + " (" + ago(a.since()) + ")")
                .setHeader("Since").setAutoWidth(true);
        alerts.addColumn(a -> a.value() == null ? "" : String.valueOf(a.value())).setHeader("Value").setAutoWidth(true);
        alerts.addColumn(this::muting).setHeader("Muted by").setKey("muted").setAutoWidth(true).setResizable(true);
        alerts.addComponentColumn(a -> {
            Button silence = new Button("Silence", e -> silenceFrom(a));
            silence.addClassName("silence-alert");
            silence.addThemeVariants(ButtonVariant.LUMO_SMALL);
            return silence;
        }).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true).setVisible(editable);
        alerts.setEmptyStateComponent(emptyState(
                "No alert is firing or pending.",
                "Rule files (Prometheus format) go in conf/rules/*.yml (fluxtap.alerting.rule-files; reload with "
                        + "POST /-/reload). A Prometheus can send its alerts here too: alerting.alertmanagers with "
                        + "path_prefix /alertmanager on the API port (8080)."));
        alerts.setHeightFull();
    }

    private String muting(AlertEntry alert) {
        List<String> out = new ArrayList<>();
        if (!alert.silencedBy().isEmpty()) {
            out.add("silenced by " + String.join(", ", alert.silencedBy()));
        }
        if (!alert.inhibitedBy().isEmpty()) {
            out.add("inhibited by " + String.join(", ", alert.inhibitedBy()));
        }
        return String.join("; ", out);
    }

    private static Component chips(Map<String, String> labels) {
        HorizontalLayout row = new HorizontalLayout();
        row.setSpacing(false);
        row.getStyle().set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)");
        labels.forEach((name, value) -> {
            Span chip = new Span(name + "=" + value);
            chip.getElement().getThemeList().add("badge contrast small");
            chip.addClassName("label-chip");
            row.add(chip);
        });
        return row;
    }

    private static Component emptyState(String title, String hint) {
        Div empty = new Div(new Paragraph(title), new Paragraph(hint));
        empty.addClassName("alerts-empty");
        empty.getStyle().set("padding", "var(--lumo-space-m)").set("color", "var(--lumo-secondary-text-color)");
        return empty;
    }

    private Component silencesPanel() {
        matchers.setId("silence-matchers");
        matchers.setWidthFull();
        matchers.setPlaceholder("alertname=\"HighLatency\"\njob=~\"api|web\"");
        duration.setId("silence-duration");
        duration.setValue("2h");
        createdBy.setId("silence-created-by");
        comment.setId("silence-comment");
        comment.setWidth("24em");
        create.setId("silence-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> submitSilence());
        cancelEdit.setId("silence-cancel-edit");
        cancelEdit.setVisible(false);
        cancelEdit.addClickListener(e -> clearForm());
        silenceMessage.setId("silence-message");
        HorizontalLayout fields = new HorizontalLayout(duration, createdBy, comment, create, cancelEdit);
        fields.setAlignItems(FlexComponent.Alignment.BASELINE);
        fields.getStyle().set("flex-wrap", "wrap");
        matchers.setVisible(editable);
        fields.setVisible(editable);
        VerticalLayout panel = new VerticalLayout(matchers, fields, silenceMessage, silences);
        panel.setPadding(false);
        panel.setSizeFull();
        return panel;
    }

    private void configureSilences() {
        silences.setId("silences-grid");
        silences.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        silences.setPartNameGenerator(s -> "silence-" + s.state());
        silences.addColumn(SilenceEntry::state).setHeader("State").setKey("state").setAutoWidth(true).setFlexGrow(0);
        silences.addColumn(s -> s.matchers().stream().map(SilenceMatcher::toString).collect(Collectors.joining(", ")))
                .setHeader("Matchers").setFlexGrow(3).setResizable(true);
        silences.addColumn(SilenceEntry::createdBy).setHeader("Created by").setAutoWidth(true);
        silences.addColumn(SilenceEntry::comment).setHeader("Comment").setFlexGrow(2).setResizable(true);
        silences.addColumn(s -> TIME.format(s.startsAt())).setHeader("Starts").setAutoWidth(true);
        silences.addColumn(s -> TIME.format(s.endsAt())).setHeader("Ends").setAutoWidth(true);
        silences.addColumn(SilenceEntry::id).setHeader("Id").setKey("id").setWidth("10em").setResizable(true);
        silences.addComponentColumn(s -> {
            Button edit = new Button("Edit", e -> edit(s));
            edit.addClassName("silence-edit");
            Button expire = new Button("Expire", e -> expire(s));
            expire.addClassName("silence-expire");
            expire.getElement().setAttribute("data-silence", s.id());
            expire.addThemeVariants(ButtonVariant.LUMO_ERROR);
            for (Button b : List.of(edit, expire)) {
                b.setVisible(editable);
                b.addThemeVariants(ButtonVariant.LUMO_SMALL);
                b.setEnabled(!s.state().equals("expired"));
            }
            return new HorizontalLayout(edit, expire);
        }).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true).setVisible(editable); // in reach however wide the grid
        silences.setEmptyStateComponent(emptyState("No silences.",
                "Silence an alert from the Alerts tab (its labels become the matchers), or type matchers above. "
                        + "amtool works too: --alertmanager.url=http://<host>:8080/alertmanager"));
        silences.setWidthFull();
        silences.setMinHeight("12em");
    }

    private Component notificationsPanel() {
        receiver.setId("notification-receiver");
        receiver.setLabel("Receiver");
        receiver.addValueChangeListener(e -> refreshNotifications());
        notifications.setId("notifications-grid");
        notifications.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        notifications.setPartNameGenerator(n -> "notification-" + n.status());
        notifications.addColumn(n -> TIME.format(n.ts())).setHeader("Time").setAutoWidth(true);
        notifications.addColumn(NotificationEntry::receiver).setHeader("Receiver").setAutoWidth(true);
        notifications.addColumn(NotificationEntry::integration).setHeader("Integration").setAutoWidth(true);
        notifications.addColumn(NotificationEntry::status).setHeader("Status").setKey("status").setAutoWidth(true);
        notifications.addColumn(n -> n.httpStatus() == null ? "" : n.httpStatus().toString()).setHeader("HTTP")
                .setAutoWidth(true);
        notifications.addColumn(n -> n.latency().toMillis() + " ms").setHeader("Latency").setAutoWidth(true);
        notifications.addColumn(NotificationEntry::attempt).setHeader("Attempt").setAutoWidth(true);
        notifications.addColumn(NotificationEntry::alerts).setHeader("Alerts").setAutoWidth(true);
        notifications.addColumn(n -> n.error() == null ? "" : n.error()).setHeader("Error").setFlexGrow(2)
                .setResizable(true);
        notifications.setEmptyStateComponent(emptyState("No notification in this time range.",
                "Receivers and routes are in conf/alertmanager.yml (fluxtap.alertmanager.config-file); every "
                        + "delivery attempt shows here with its HTTP status, latency and error."));
        notifications.setWidthFull();
        VerticalLayout panel = new VerticalLayout(receiver, notifications);
        panel.setPadding(false);
        panel.setSizeFull();
        return panel;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        attachEvent.getUI().addPollListener(e -> refresh());
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        range = TimeRange.of(event.getLocation());
        List<String> names = new ArrayList<>();
        names.add(ALL_RECEIVERS);
        try {
            names.addAll(control.receivers());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the receivers", e);
        }
        String kept = receiver.getValue();
        receiver.setItems(names);
        receiver.setValue(kept != null && names.contains(kept) ? kept : ALL_RECEIVERS);
        refresh();
    }

    private void refresh() {
        error.setVisible(false);
        // Lazy providers: each page of rows asks the port again, so a scroll or a refresh shows the current state.
        alerts.setItems(query -> page(control::alerts, query.getOffset(), query.getLimit()));
        silences.setItems(query -> page(control::silences, query.getOffset(), query.getLimit()));
        refreshRules();
        refreshNotifications();
    }

    private <T> Stream<T> page(java.util.function.Supplier<List<T>> source, int offset, int limit) {
        try {
            return source.get().stream().skip(offset).limit(limit);
        } catch (RuntimeException e) {
            showError("alerting could not be read: " + e.getMessage(), e);
            return Stream.empty();
        }
    }

    private void refreshRules() {
        rules.removeAll();
        List<RuleGroupEntry> groups;
        try {
            groups = control.ruleGroups();
        } catch (RuntimeException e) {
            showError("the rules could not be read: " + e.getMessage(), e);
            return;
        }
        if (groups.isEmpty()) {
            rules.add(emptyState("No rule groups loaded.",
                    "Put Prometheus rule files in conf/rules/*.yml (or set fluxtap.alerting.rule-files), check them "
                            + "with bin/fluxtap rules check FILE, then POST /-/reload or restart."));
            return;
        }
        for (RuleGroupEntry group : groups) {
            H4 title = new H4(group.name());
            Span about = new Span(group.file() + " · every " + DurationText.format(group.interval())
                    + " · last evaluation " + when(group.lastEvaluation()) + " · took " + millis(group.evaluationTime()));
            about.getStyle().set("color", "var(--lumo-secondary-text-color)");
            Grid<RuleEntry> grid = new Grid<>();
            grid.addClassName("rules-grid");
            grid.addThemeVariants(GridVariant.LUMO_COMPACT);
            grid.setPartNameGenerator(r -> "rule-" + r.health());
            grid.addColumn(RuleEntry::name).setHeader("Rule").setAutoWidth(true).setResizable(true);
            grid.addColumn(r -> r.type().equals("alerting") ? r.state() + (r.activeAlerts() > 0
                    ? " (" + r.activeAlerts() + ")" : "") : "recording").setHeader("State").setAutoWidth(true);
            grid.addColumn(RuleEntry::health).setHeader("Health").setAutoWidth(true);
            grid.addColumn(r -> when(r.lastEvaluation())).setHeader("Last evaluation").setAutoWidth(true);
            grid.addColumn(r -> millis(r.evaluationTime())).setHeader("Duration").setAutoWidth(true);
            grid.addColumn(RuleEntry::query).setHeader("Query").setFlexGrow(3).setResizable(true);
            grid.addColumn(RuleEntry::lastError).setHeader("Last error").setFlexGrow(2).setResizable(true);
            grid.setItems(group.rules());
            grid.setAllRowsVisible(true);
            rules.add(title, about, grid);
        }
    }

    private void refreshNotifications() {
        String name = receiver.getValue() == null || receiver.getValue().equals(ALL_RECEIVERS) ? null
                : receiver.getValue();
        Instant from = range.start(clock);
        Instant to = range.end(clock);
        notifications.setItems(query -> page(() -> control.notifications(name, from, to, HISTORY_LIMIT),
                query.getOffset(), query.getLimit()));
    }

    private void silenceFrom(AlertEntry alert) {
        if (!allowed()) {
            return;
        }
        clearForm();
        matchers.setValue(MatcherLines.format(SilenceMatcher.equalTo(alert.labels())));
        tabs.setSelectedTab(silencesTab);
        comment.focus();
    }

    private void edit(SilenceEntry silence) {
        if (!allowed()) {
            return;
        }
        editing = silence.id();
        matchers.setValue(MatcherLines.format(silence.matchers()));
        createdBy.setValue(silence.createdBy());
        comment.setValue(silence.comment());
        Duration left = Duration.between(clock.instant(), silence.endsAt());
        duration.setValue(DurationText.format(left.isNegative() ? Duration.ofHours(2) : left.withNanos(0)));
        create.setText("Update silence");
        cancelEdit.setVisible(true);
        silenceMessage.setText("editing silence " + silence.id());
    }

    private void clearForm() {
        editing = "";
        create.setText("Create silence");
        cancelEdit.setVisible(false);
        comment.clear();
        silenceMessage.setText("");
    }

    private void submitSilence() {
        if (!allowed()) {
            return;
        }
        try {
            List<SilenceMatcher> parsed = MatcherLines.parse(matchers.getValue());
            Duration length = DurationText.parse("duration", duration.getValue());
            Instant now = clock.instant();
            String author = createdBy.getValue().isBlank() ? caller() : createdBy.getValue().strip();
            String id = control.createSilence(new SilenceRequest(editing, parsed, now, now.plus(length), author,
                    comment.getValue()));
            boolean updated = !editing.isEmpty();
            DashboardAccess.audit("silences", updated ? "silence update" : "silence create", "silence " + id
                    + (updated && !editing.equals(id) ? " (replacing " + editing + ")" : "") + " "
                    + matchers.getValue().strip().replace('\n', ' ') + " for " + duration.getValue()
                    + ", created by " + author + ": " + comment.getValue());
            clearForm();
            silenceMessage.setText((updated ? "silence updated: " : "silence created: ") + id);
            silenceMessage.getStyle().remove("color");
        } catch (IllegalArgumentException | SilenceRequestException e) {
            silenceMessage.setText(e.getMessage());
            silenceMessage.getStyle().set("color", "var(--lumo-error-text-color)");
        } catch (RuntimeException e) {
            showError("the silence could not be stored: " + e.getMessage(), e);
        }
        refresh();
    }

    private void expire(SilenceEntry silence) {
        if (!allowed()) {
            return;
        }
        try {
            control.expireSilence(silence.id());
            DashboardAccess.audit("silences", "silence expire", "silence " + silence.id());
            silenceMessage.setText("silence expired: " + silence.id());
            silenceMessage.getStyle().remove("color");
        } catch (SilenceRequestException e) {
            silenceMessage.setText(e.getMessage());
            silenceMessage.getStyle().set("color", "var(--lumo-error-text-color)");
        }
        refresh();
    }

    private void showError(String text, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, text, e);
        error.setText(text);
        error.setVisible(true);
    }

    private String ago(Instant at) {
        Duration d = Duration.between(at, clock.instant());
        return d.isNegative() ? "in the future" : DurationText.format(d.withNanos(0)) + " ago";
    }

    private String when(Instant at) {
        return at == null ? "never" : TIME.format(at) + " (" + ago(at) + ")";
    }

    private static String millis(Duration d) {
        return d == null ? "" : String.format("%.1f ms", d.toNanos() / 1e6);
    }

    /** The server-side check of every silence action; a refusal is shown and audited. */
    private boolean allowed() {
        try {
            DashboardAccess.requireChange("create, change or expire silences");
            return true;
        } catch (AccessDeniedException e) {
            silenceMessage.setText(e.getMessage());
            silenceMessage.getStyle().set("color", "var(--lumo-error-text-color)");
            return false;
        }
    }

    private static String caller() {
        return DashboardAccess.caller();
    }
}
