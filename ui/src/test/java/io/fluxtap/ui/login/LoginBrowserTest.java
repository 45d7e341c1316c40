package io.fluxtap.ui.login;

import io.fluxtap.api.Level;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.audit.AuditTrail;
import io.fluxtap.api.auth.Role;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.levels.LevelsView;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryAlertControl;
import io.fluxtap.ui.testing.InMemoryDashboardLogin;
import io.fluxtap.ui.testing.InMemoryLevelControl;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard with a login required, in headless Chromium: every page asks for a sign-in first; a viewer sees no
 * silence button and its hidden action does nothing; an admin silences; a wrong password stays on the login page;
 * signing out ends the session; a role changed while signed in counts at once, and a removed user is signed out;
 * on the Levels page a viewer gets no edit control and its hidden actions leave the level as it was, while an
 * editor sets one.
 */
class LoginBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Without auto-refresh: a poll rebuilding the grids' buttons would race the test's clicks. */
    private static final String ALERTS = "alerts?refresh=off";

    private static InMemoryAlertControl control;
    private static InMemoryDashboardLogin login;
    private static final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
    private static InMemoryLevelControl levels;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        control = new InMemoryAlertControl();
        control.fire(new AlertEntry("0123456789abcdef", Map.of("alertname", "HighLatency", "job", "api"),
                Map.of("summary", "p99 over 1s"), "firing", Instant.now().minus(Duration.ofMinutes(7)), 1.7,
                List.of(), List.of()));
        login = new InMemoryDashboardLogin(Map.of(
                "vera", new InMemoryDashboardLogin.Account("viewer-pass-1", Role.VIEWER),
                "ed", new InMemoryDashboardLogin.Account("editor-pass-1", Role.EDITOR),
                "ada", new InMemoryDashboardLogin.Account("admin-pass-1", Role.ADMIN)), false);
        AuditTrail trail = audited::add;
        levels = new InMemoryLevelControl();
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(control, login, levels,
                new InMemoryLogQuery(List.of()), trail));
        server.start();
        browser = HeadlessChromium.locate().open(1400, 900);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
    }

    /** Each test starts signed out: no session cookie is left from the one before. */
    @BeforeEach
    void signedOut() {
        browser.send("Network.clearBrowserCookies", Map.of());
    }

    @Test
    void aViewerSeesNoSilenceButtonAndItsHiddenActionChangesNothing() {
        signIn(ALERTS, "vera", "viewer-pass-1");
        browser.await("!!document.querySelector('#alerts-grid')"
                + " && document.querySelector('#alerts-grid').innerText.includes('HighLatency')", DEADLINE);
        assertEquals("vera (viewer)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());
        assertFalse(browser.eval("!!document.querySelector('.silence-alert')").asBoolean(),
                "a viewer must not see the Silence button");
        browser.screenshot(Path.of("target", "screenshots", "login-viewer-alerts.png"));

        // What a page script could still try: the hidden form's button pressed directly.
        browser.eval("(() => { const b = document.querySelector('#silence-create'); if (b) { b.click(); } return true; })()");
        browser.navigate(server.uri().resolve(ALERTS));
        browser.await("document.querySelector('#alerts-grid') && "
                + "document.querySelector('#alerts-grid').innerText.includes('HighLatency')", DEADLINE);
        assertTrue(control.silences().isEmpty(), control.silences().toString());

        // A page the role may not open: the SQL console (viewer-sql off here) answers "Not allowed".
        browser.navigate(server.uri().resolve("sql"));
        browser.await("!!document.querySelector('#page-forbidden-message')", DEADLINE);
        assertTrue(browser.text().contains("fluxtap.dashboard.viewer-sql=false"), browser.text());
        assertFalse(browser.eval("!!document.querySelector('#sql-run')").asBoolean());
    }

    @Test
    void anAdminSeesTheSilenceButtonAndSilences() {
        signIn(ALERTS, "ada", "admin-pass-1");
        browser.await("!!document.querySelector('.silence-alert')", DEADLINE);
        assertEquals("ada (admin)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());
        browser.click(".silence-alert");
        browser.await("document.querySelector('#silence-matchers').value.includes('alertname=\"HighLatency\"')",
                DEADLINE);
        browser.typeAndEnter("#silence-comment", "maintenance by ada");
        browser.click("#silence-create");
        browser.await("document.querySelector('#silence-message').innerText.includes('silence created')", DEADLINE);
        var silence = control.silences().stream().filter(s -> s.comment().equals("maintenance by ada")).findFirst()
                .orElseThrow();
        assertEquals("ada (admin) from 127.0.0.1", silence.createdBy());
        assertTrue(audited.stream().anyMatch(a -> a.gear().equals("silences") && a.action().equals("silence create")
                && a.who().equals("ada") && a.from().equals("127.0.0.1") && a.what().startsWith("silence " + silence.id())
                && a.what().endsWith("maintenance by ada")), audited.toString());

        browser.navigate(server.uri().resolve("sql"));
        browser.await("!!document.querySelector('#sql-run')", DEADLINE);
    }

    @Test
    void aViewerGetsNoLevelControlAndItsHiddenActionsLeaveTheLevelAsItWas() {
        levels.set("checkout", Level.WARN, null, "quiet please", "ops");
        signIn(LevelsView.ROUTE, "vera", "viewer-pass-1");
        browser.await("!!document.querySelector('#levels-grid')"
                + " && document.querySelector('#levels-grid').innerText.includes('quiet please')", DEADLINE);
        assertFalse(browser.eval(visible("#level-set")).asBoolean(), "a viewer must not see the Set level button");
        assertFalse(browser.eval(visible("#level-service")).asBoolean(), "a viewer must not see the level form");
        assertFalse(browser.eval(visible(".level-reset")).asBoolean(), "a viewer must not see a Reset button");
        browser.screenshot(Path.of("target", "screenshots", "login-viewer-levels.png"));

        // What a page script could still try: the hidden form filled in and its buttons pressed directly.
        browser.eval("""
                (() => {
                  const service = document.querySelector('#level-service');
                  if (service) { service.dispatchEvent(new CustomEvent('custom-value-set', {detail: 'checkout'})); }
                  document.querySelectorAll('#level-set, .level-reset').forEach(b => b.click());
                  return true;
                })()""");
        browser.navigate(server.uri().resolve(LevelsView.ROUTE));
        browser.await("!!document.querySelector('#levels-grid')"
                + " && document.querySelector('#levels-grid').innerText.includes('quiet please')", DEADLINE);
        var kept = levels.level("checkout").override();
        assertTrue(kept != null && kept.level() == Level.WARN && kept.setBy().equals("ops"), String.valueOf(kept));
    }

    @Test
    void anEditorSetsALevel() {
        signIn(LevelsView.ROUTE, "ed", "editor-pass-1");
        browser.await(visible("#level-set"), DEADLINE);
        assertEquals("ed (editor)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());
        browser.typeAndEnter("#level-service", "payments");
        // A typed service is a custom value: the combo box's selected item once the server has taken it.
        browser.await("JSON.stringify(document.querySelector('#level-service').selectedItem || {}).includes('payments')",
                DEADLINE);
        browser.click("#level-set");
        browser.await("document.querySelector('#level-message').innerText.includes('payments is at debug')", DEADLINE);
        var set = levels.level("payments").override();
        assertTrue(set != null && set.level() == Level.DEBUG, String.valueOf(set));
        assertEquals("ed (editor) from 127.0.0.1", set.setBy());
    }

    /** A script true when an element matching the selector is shown (a hidden Vaadin component has no box). */
    private static String visible(String selector) {
        return "Array.from(document.querySelectorAll('" + selector + "')).some(e => e.getClientRects().length > 0)";
    }

    @Test
    void aWrongPasswordStaysOnTheLoginPage() {
        browser.navigate(server.uri().resolve(ALERTS));
        awaitLoginForm();
        int before = login.attempts().size();
        enter("ada", "not-her-password");
        browser.await("!!document.querySelector('#login-form[error]')", DEADLINE);
        assertEquals("ada refused from 127.0.0.1", login.attempts().get(before));
        assertFalse(browser.eval("!!document.querySelector('#alerts-grid')").asBoolean());
        browser.await("location.pathname.endsWith('/login')", DEADLINE);
        browser.screenshot(Path.of("target", "screenshots", "login-refused.png"));
    }

    @Test
    void signingOutReturnsToTheLoginPageAndEndsTheSession() {
        signIn(ALERTS, "ada", "admin-pass-1");
        browser.await("!!document.querySelector('#logout')", DEADLINE);
        browser.click("#logout");
        awaitLoginForm();
        assertTrue(login.audited().stream().anyMatch(a -> a.who().equals("ada") && a.action().equals("logout")),
                login.audited().toString());
        // The cookie the browser still holds names an ended session: the next page asks again.
        browser.navigate(server.uri().resolve(ALERTS));
        awaitLoginForm();
        assertFalse(browser.eval("!!document.querySelector('#alerts-grid')").asBoolean());
    }

    @Test
    void aRoleLoweredWhileSignedInCountsAtOnceAndARemovedUserIsSignedOut() {
        login.put("eddie", new InMemoryDashboardLogin.Account("editor-pass-1", Role.EDITOR));
        signIn(ALERTS, "eddie", "editor-pass-1");
        browser.await("!!document.querySelector('.silence-alert')", DEADLINE);
        browser.click(".silence-alert");
        browser.await("document.querySelector('#silence-matchers').value.includes('alertname=\"HighLatency\"')",
                DEADLINE);
        browser.typeAndEnter("#silence-comment", "by eddie after losing the editor role");

        // The form was opened as an editor; the press comes after the role was lowered, and the server's check uses
        // the role as it is now.
        login.put("eddie", new InMemoryDashboardLogin.Account("editor-pass-1", Role.VIEWER));
        browser.click("#silence-create");
        browser.await("document.querySelector('#silence-message').innerText.includes('eddie (viewer) may not')",
                DEADLINE);
        assertTrue(control.silences().stream().noneMatch(s -> s.comment().startsWith("by eddie")),
                control.silences().toString());
        assertTrue(login.audited().stream().anyMatch(a -> a.who().equals("eddie") && a.action().equals("refused")),
                login.audited().toString());
        browser.navigate(server.uri().resolve(ALERTS));
        browser.await("document.querySelector('#alerts-grid') && "
                + "document.querySelector('#alerts-grid').innerText.includes('HighLatency')", DEADLINE);
        assertEquals("eddie (viewer)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());
        assertFalse(browser.eval("!!document.querySelector('.silence-alert')").asBoolean(), "a viewer now");

        // Removed: the next navigation lands on the login page, and the end is audited.
        login.remove("eddie");
        browser.navigate(server.uri().resolve(ALERTS));
        awaitLoginForm();
        assertFalse(browser.eval("!!document.querySelector('#signed-in-user')").asBoolean());
        assertTrue(login.audited().stream().anyMatch(a -> a.who().equals("eddie")
                && a.action().equals("session ended")), login.audited().toString());
    }

    private void signIn(String page, String name, String password) {
        browser.navigate(server.uri().resolve(page));
        awaitLoginForm();
        // Vaadin moves the address to /login with the history API once the page is shown.
        browser.await("location.pathname.endsWith('/login') && location.search.includes('next=')", DEADLINE);
        enter(name, password);
        browser.await("!!document.querySelector('#signed-in-user')", DEADLINE);
    }

    private void awaitLoginForm() {
        browser.await("!!document.querySelector('#login-form input[name=username]')", DEADLINE);
    }

    private void enter(String name, String password) {
        browser.type("#login-form input[name=username]", name);
        browser.typeAndEnter("#login-form input[name=password]", password);
    }
}
