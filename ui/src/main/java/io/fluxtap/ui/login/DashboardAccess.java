package io.fluxtap.ui.login;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.audit.AuditTrail;
import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.ui.DashboardContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who uses the dashboard in the current Vaadin request, and what they may do. The signed-in user lives in the
 * {@link VaadinSession} (so in the servlet session, whose id the cookie carries); nothing here is static state.
 */
public final class DashboardAccess {

    static final String USER_ATTRIBUTE = SignedIn.class.getName();

    /** Who signed in to this session, and when: an account of the name made later is another account. */
    record SignedIn(DashboardUser user, Instant at) {
    }

    private DashboardAccess() {
    }

    /** The login the server asks for; empty when the dashboard is open to anyone who reaches it. */
    public static Optional<DashboardLogin> login() {
        List<DashboardLogin> logins = DashboardContext.current().services().all(DashboardLogin.class);
        return logins.stream().filter(DashboardLogin::required).findFirst();
    }

    /**
     * The signed-in user as the server's user store has them now; empty when nobody is, or when no login is needed.
     * Asked again on every call (an in-memory look-up, no password hashed), so a user removed since the sign-in is
     * signed out here, at the next navigation or action, and a changed role counts at once, not at the session's
     * timeout.
     */
    public static Optional<DashboardUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        SignedIn signedIn = session == null ? null : (SignedIn) session.getAttribute(USER_ATTRIBUTE);
        if (signedIn == null) {
            return Optional.empty();
        }
        Optional<DashboardLogin> login = login();
        if (login.isEmpty()) {
            return Optional.of(signedIn.user());
        }
        Optional<DashboardUser> now = login.get().current(signedIn.user().name(), signedIn.at());
        if (now.isEmpty()) {
            // The session stays (Vaadin's UI lives in it) but is nobody's: the access gate sends it to the login page.
            session.setAttribute(USER_ATTRIBUTE, null);
            login.get().audit(signedIn.user().name(), "session ended", "the user was removed since signing in at "
                    + signedIn.at(), remoteAddress());
            return Optional.empty();
        }
        if (!now.get().equals(signedIn.user())) {
            session.setAttribute(USER_ATTRIBUTE, new SignedIn(now.get(), signedIn.at()));
        }
        return now;
    }

    /** Marks the current session as signed in by the user, from now. */
    static void signIn(VaadinSession session, DashboardUser user) {
        session.setAttribute(USER_ATTRIBUTE, new SignedIn(user, Instant.now()));
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
