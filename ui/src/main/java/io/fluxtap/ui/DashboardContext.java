package io.fluxtap.ui;

import com.vaadin.flow.server.VaadinServlet;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.util.Objects;

/**
 * What the views need from the server that runs them. {@link DashboardServer} puts it into the servlet
 * context, which lives exactly as long as the dashboard; this keeps the views free of static state.
 *
 * @param services        where the views find the log store, the health contributors, ...
 * @param refreshInterval how often the views poll for new data
 */
public record DashboardContext(ServiceLookup services, Duration refreshInterval) {

    static final String ATTRIBUTE = DashboardContext.class.getName();

    public DashboardContext {
        Objects.requireNonNull(services, "services");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive, was " + refreshInterval);
        }
    }

    /** The context of the dashboard serving the current Vaadin request. */
    public static DashboardContext current() {
        return of(VaadinServlet.getCurrent().getServletContext());
    }

    static DashboardContext of(ServletContext servletContext) {
        if (servletContext.getAttribute(ATTRIBUTE) instanceof DashboardContext context) {
            return context;
        }
        throw new IllegalStateException("the servlet context has no " + ATTRIBUTE + ": not started by DashboardServer");
    }
}
