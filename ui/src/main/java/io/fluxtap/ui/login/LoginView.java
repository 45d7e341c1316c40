package io.fluxtap.ui.login;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.auth.DashboardUser;
import java.util.List;
import java.util.Optional;

/**
 * The sign-in page. Vaadin's {@link LoginForm} without a form action: the name and password travel in a UIDL request,
 * which carries Vaadin's CSRF token, never in a plain form POST another site could send.
 */
@Route(LoginView.ROUTE)
@PageTitle("Sign in · Fluxtap")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "login";
    /** Where to go after signing in (the page that sent the browser here), as a path inside the dashboard. */
    static final String NEXT = "next";

    private final LoginForm form = new LoginForm();
    private String next = "";

    public LoginView() {
        setId("login-page");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Fluxtap");
        i18n.getErrorMessage().setTitle("Not signed in");
        i18n.getErrorMessage().setMessage("Wrong name or password, or too many failed attempts: wait and try again.");
        form.setI18n(i18n);
        form.setId("login-form");
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(event -> signIn(event.getUsername(), event.getPassword()));
        add(form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> asked = event.getLocation().getQueryParameters().getParameters().getOrDefault(NEXT, List.of());
        next = asked.isEmpty() ? "" : safeNext(asked.getFirst());
        if (DashboardAccess.login().isEmpty() || DashboardAccess.user().isPresent()) {
            event.forwardTo(next);
        }
    }

    private void signIn(String name, String password) {
        Optional<DashboardLogin> login = DashboardAccess.login();
        if (login.isEmpty()) {
            UI.getCurrent().navigate(next);
            return;
        }
        Optional<DashboardUser> user = login.get().login(name, password.toCharArray(), DashboardAccess.remoteAddress());
        if (user.isEmpty()) {
            form.setError(true);
            form.setEnabled(true);
            return;
        }
        // A new session id at sign-in: an id planted before (session fixation) is worth nothing afterwards.
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        if (request != null) {
            request.getHttpServletRequest().changeSessionId();
        }
        DashboardAccess.signIn(VaadinSession.getCurrent(), user.get());
        Location where = new Location(next);
        UI.getCurrent().navigate(where.getPath(), where.getQueryParameters());
    }

    /** Only a path inside the dashboard: never another site, and never back to this page. */
    static String safeNext(String text) {
        String path = text.strip();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.contains("://") || path.contains("\\") || path.startsWith(ROUTE)) {
            return "";
        }
        return path;
    }
}
