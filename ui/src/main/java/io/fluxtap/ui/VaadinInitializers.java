package io.fluxtap.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.server.startup.ErrorNavigationTargetInitializer;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;
import io.fluxtap.ui.shell.ErrorView;
import io.fluxtap.ui.shell.NotFoundView;
import io.fluxtap.ui.services.ServicesView;
import io.fluxtap.ui.traces.TracesView;
import io.fluxtap.ui.views.LogsView;
import io.fluxtap.ui.views.OverviewView;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;

import java.util.List;

/**
 * Runs Vaadin's servlet container initialisers with the classes they ask for, instead of letting Jetty find
 * them by scanning the class path (jetty-ee11-annotations with a WebAppContext).
 *
 * <p>Why, measured on the 2-core build machine, cold JVM, Jetty start to Vaadin ready: this way 0.8-1.1 s
 * (30-60 ms when the JVM is warm); annotation scanning 1.2-1.5 s restricted to flow-server and our classes,
 * 1.3-1.6 s over all flow/vaadin jars, 1.8-2.4 s over every jar of this module, and the server's class path
 * is bigger still. Scanning also depends on how the JVM was launched (Jetty reads java.class.path, which a
 * manifest Class-Path jar or Surefire's booter jar hides) and needs the webapp class loader, which hides
 * Jetty's own classes from the context. The cost of doing it by hand is a list: a new route goes into {@link #ROUTES}.
 *
 * <p>The initialisers left out do nothing for this dashboard: the web component ones (none exported) and the
 * annotation validators (development aids).
 */
final class VaadinInitializers {

    /** Every {@code @Route} class of the dashboard. */
    static final List<Class<? extends Component>> ROUTES = List.of(
            OverviewView.class,
            LogsView.class,
            ServicesView.class,
            TracesView.class,
            io.fluxtap.ui.alerts.AlertsView.class,
            io.fluxtap.ui.levels.LevelsView.class,
            io.fluxtap.ui.console.SqlConsoleView.class,
            io.fluxtap.ui.metrics.MetricsView.class,
            io.fluxtap.ui.targets.TargetsView.class,
            io.fluxtap.ui.login.LoginView.class);

    /** The error pages ({@code HasErrorParameter}), in place of Vaadin's unstyled ones. */
    static final List<Class<? extends Component>> ERROR_VIEWS = List.of(NotFoundView.class, ErrorView.class,
            io.fluxtap.ui.login.ForbiddenView.class);

    private VaadinInitializers() {
    }

    static void addTo(ServletContextHandler context) {
        // Given LookupInitializer itself, Vaadin fills in its default service implementations.
        context.addServletContainerInitializer(new LookupServletContainerInitializer(), LookupInitializer.class);
        context.addServletContainerInitializer(new RouteRegistryInitializer(), ROUTES.toArray(Class<?>[]::new));
        context.addServletContainerInitializer(new ErrorNavigationTargetInitializer(), ERROR_VIEWS.toArray(Class<?>[]::new));
        context.addServletContainerInitializer(new VaadinAppShellInitializer(), DashboardShell.class);
    }
}
