package io.fluxtap.ui.login;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.audit.AuditTrail;
import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.ui.DashboardContext;
import java.util.List;
import java.util.Optional;

/**
 * Who uses the dashboard in the current Vaadin request, and what they may do. The signed-in user lives in the
 * {@link VaadinSession} (so in the servlet session, whose id the cookie carries); nothing here is static state.
 */
public final class DashboardAccess {

    static final String USER_ATTRIBUTE = DashboardUser.class.getName();

    private DashboardAccess() {
    }

    /** The login the server asks for; empty when the dashboard is open to anyone who reaches it. */
    public static Optional<DashboardLogin> login() {
        List<DashboardLogin> logins = DashboardContext.current().services().all(DashboardLogin.class);
        return logins.stream().filter(DashboardLogin::required).findFirst();
    }

    /** The signed-in user; empty when nobody is, or when no login is needed. */
    public static Optional<DashboardUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty()
                : Optional.ofNullable((DashboardUser) session.getAttribute(USER_ATTRIBUTE));
    }

    /** Silences, levels, dashboards: true without a login (everyone may, as before the login existed). */
    public static boolean canChange() {
        return login().isEmpty() || user().map(u -> u.role().canChange()).orElse(false);
    }

    /** The SQL console: editors and admins, viewers when the server allows it. */
    public static boolean canRunSql() {
        Optional<DashboardLogin> login = login();
        return login.isEmpty() || user().map(u -> u.role().canChange() || login.get().viewerSql()).orElse(false);
    }

    /**
     * The check every change makes before it acts, whatever its button showed.
     *
     * @param what the change, for the message and the audit record of the refusal
     * @throws AccessDeniedException when the user's role does not allow changes
     */
    public static void requireChange(String what) {
        if (!canChange()) {
            String who = user().map(DashboardUser::name).orElse("(nobody)");
            login().ifPresent(l -> l.audit(who, "refused", what, remoteAddress()));
            throw new AccessDeniedException(user().map(u -> u.name() + " (" + u.role().label() + ")")
                    .orElse("nobody signed in") + " may not " + what + "; that needs the editor or admin role");
        }
    }

    /**
     * Who made a change, for its audit record: {@code alice (editor) from 10.0.0.7} when signed in, else
     * {@code dashboard 10.0.0.7} as before the login existed.
     */
    public static String caller() {
        String from = remoteAddress();
        return user().map(u -> u.name() + " (" + u.role().label() + ") from " + from)
                .orElse("dashboard " + from);
    }

    /**
     * Writes the audit record of a change made in the dashboard (issue #17), through the server's audit trail: who is
     * the signed-in user, {@code dashboard} without a login, from the browser's address.
     */
    public static void audit(String gear, String action, String what) {
        String who = user().map(DashboardUser::name).orElse("dashboard");
        String from = remoteAddress();
        DashboardContext.current().services().all(AuditTrail.class)
                .forEach(trail -> trail.record(new AuditEntry(gear, action, who, from, what)));
    }

    public static String remoteAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? "" : request.getRemoteAddr();
    }
}
