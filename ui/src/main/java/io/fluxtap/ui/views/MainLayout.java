package io.fluxtap.ui.views;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.server.VaadinSession;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.login.DashboardAccess;
import io.fluxtap.ui.login.LoginView;
import io.fluxtap.ui.services.ServicesView;
import io.fluxtap.ui.shell.JumpTarget;
import io.fluxtap.ui.shell.TimeRange;
import io.fluxtap.ui.shell.TimeRangePicker;
import io.fluxtap.ui.traces.TracesView;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The frame around every view: title, global time range and refresh, the id search box, the theme toggle and
 * the side navigation. The range lives in the address: a change navigates to the same view with new parameters.
 */
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    /** One side navigation entry. */
    private record NavEntry(String label, Class<? extends Component> view, VaadinIcon icon) {
    }

    /** The side navigation, one line per page, in this order. */
    private static final List<NavEntry> NAVIGATION = List.of(
            new NavEntry("Overview", OverviewView.class, VaadinIcon.DASHBOARD),
            new NavEntry("Services", ServicesView.class, VaadinIcon.CLUSTER),
            new NavEntry("Traces", TracesView.class, VaadinIcon.SPLIT),
            new NavEntry("Logs", LogsView.class, VaadinIcon.LINES_LIST),
            new NavEntry("Metrics", io.fluxtap.ui.metrics.MetricsView.class, VaadinIcon.CHART_LINE),
            new NavEntry("Targets", io.fluxtap.ui.targets.TargetsView.class, VaadinIcon.CONNECT),
            new NavEntry("Alerts", io.fluxtap.ui.alerts.AlertsView.class, VaadinIcon.BELL),
            new NavEntry("Levels", io.fluxtap.ui.levels.LevelsView.class, VaadinIcon.SLIDERS),
            new NavEntry("SQL", io.fluxtap.ui.console.SqlConsoleView.class, VaadinIcon.DATABASE));

    private final Duration defaultRefresh;
    private final TimeRangePicker picker;
    private Location location = new Location("");

    public MainLayout() {
        defaultRefresh = DashboardContext.current().refreshInterval();
        H1 title = new H1("Fluxtap");
        title.setId("app-title");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0 var(--lumo-space-m) 0 0");

        picker = new TimeRangePicker(Clock.systemUTC(), this::rangeChosen);

        TextField jump = new TextField();
        jump.setId("jump-search");
        jump.setPlaceholder("Trace id or flux id");
        jump.setPrefixComponent(VaadinIcon.SEARCH.create());
        jump.setClearButtonVisible(true);
        jump.setWidth("16em");
        jump.addKeyPressListener(Key.ENTER, e -> JumpTarget.of(jump.getValue()).ifPresentOrElse(target -> {
            jump.setInvalid(false);
            jump.clear();
            // navigate(String) would take "?flux=..." for part of the path.
            Location where = new Location(target);
            UI.getCurrent().navigate(where.getPath(), where.getQueryParameters());
        }, () -> {
            jump.setErrorMessage("Not a trace id (32 hex digits) or flux id");
            jump.setInvalid(true);
        }));
        jump.setManualValidation(true);

        Button theme = new Button(VaadinIcon.ADJUST.create(),
                e -> e.getSource().getElement().executeJs("window.fluxtapTheme.toggle()"));
        theme.setId("theme-toggle");
        theme.setAriaLabel("Switch light/dark theme");
        theme.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout bar = new HorizontalLayout(title, picker, jump, theme);
        DashboardAccess.user().ifPresent(user -> {
            Span who = new Span(user.name() + " (" + user.role().label() + ")");
            who.setId("signed-in-user");
            Button logout = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), e -> signOut());
            logout.setId("logout");
            logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            bar.add(who, logout);
        });
        bar.setId("shell-bar");
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.setWidthFull();
        bar.getStyle().set("flex-wrap", "wrap").set("gap", "var(--lumo-space-s)")
                .set("padding-right", "var(--lumo-space-m)");
        bar.setFlexGrow(0, title);

        SideNav nav = new SideNav();
        nav.setId("main-nav");
        for (NavEntry entry : NAVIGATION) {
            nav.addItem(new SideNavItem(entry.label(), entry.view(), entry.icon().create()));
        }
        addToNavbar(new DrawerToggle(), bar);
        addToDrawer(nav);
    }

    /** Ends the session on the server (the cookie's id is worth nothing after) and goes to the login page. */
    private static void signOut() {
        DashboardAccess.user().ifPresent(user -> DashboardAccess.login().ifPresent(
                login -> login.audit(user.name(), "logout", "", DashboardAccess.remoteAddress())));
        // Relative on purpose: Vaadin's <base href> points at the app's root from any route (traces/abc too), so
        // this also holds behind a proxy that serves the dashboard under a path.
        UI.getCurrent().getPage().setLocation(LoginView.ROUTE);
        VaadinSession.getCurrent().getSession().invalidate();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        // Charts and the theme script listen for this; the script itself is inlined into the page head.
        event.getUI().getPage().executeJs("window.fluxtapTheme && window.fluxtapTheme.apply()");
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        location = event.getLocation();
        TimeRange range = TimeRange.of(location.getQueryParameters(), defaultRefresh);
        picker.show(range);
        UI ui = UI.getCurrent();
        ui.setPollInterval(range.refresh() == null ? -1 : Math.toIntExact(range.refresh().toMillis()));
    }

    private void rangeChosen(TimeRange range) {
        QueryParameters merged = range.mergeInto(location.getQueryParameters());
        UI.getCurrent().navigate(location.getPath(), merged);
    }
}
