package io.fluxtap.ui.login;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import com.vaadin.flow.router.QueryParameters;
import io.fluxtap.ui.console.SqlConsoleView;
import java.util.Map;

/**
 * Before any page of a UI is entered (so before its view is built and reads data): without a signed-in user, to the
 * login page with the page asked for as {@code next}; a page the role may not open becomes {@link ForbiddenView}.
 */
public final class AccessGate implements BeforeEnterListener {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target == LoginView.class || DashboardAccess.login().isEmpty()) {
            return;
        }
        if (DashboardAccess.user().isEmpty()) {
            String asked = event.getLocation().getPathWithQueryParameters();
            event.forwardTo(LoginView.ROUTE, asked.isEmpty() ? QueryParameters.empty()
                    : QueryParameters.simple(Map.of(LoginView.NEXT, asked)));
            return;
        }
        if (target == SqlConsoleView.class && !DashboardAccess.canRunSql()) {
            String message = "The SQL console is for editors and admins here (fluxtap.dashboard.viewer-sql=false).";
            event.rerouteToError(new AccessDeniedException(message), message);
        }
    }
}
