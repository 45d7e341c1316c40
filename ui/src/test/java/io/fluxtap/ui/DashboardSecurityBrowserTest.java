package io.fluxtap.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.DuckDbSql;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard under its own Content-Security-Policy in a real browser: Vaadin's client starts and renders with
 * nothing blocked, and the policy does block what it is there for (a resource of another origin, being framed).
 */
class DashboardSecurityBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static DuckDbSql sql;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        sql = new DuckDbSql();
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(new InMemoryLogQuery(List.of()), sql));
        server.start();
        browser = HeadlessChromium.locate().open(1200, 800);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
        sql.close();
    }

    @Test
    void vaadinRunsUnderThePolicyAndAForeignResourceIsBlocked() {
        browser.navigate(server.uri().resolve("logs"));
        browser.await("window.Vaadin && window.Vaadin.Flow && Object.keys(window.Vaadin.Flow.clients).length > 0"
                + " && !Object.values(window.Vaadin.Flow.clients).some(c => c.isActive())"
                + " && document.querySelector('vaadin-grid')", DEADLINE);
        assertEquals("[]", browser.eval("JSON.stringify(window.fluxtapCspViolations)").asString());
        assertTrue(browser.exceptions().isEmpty(), browser.exceptions().toString());

        // 127.0.0.2 is another origin (and nothing listens there): the policy must refuse to even ask it.
        browser.eval("(() => { const img = document.createElement('img'); img.src = 'http://127.0.0.2:9/x.png';"
                + " document.body.appendChild(img); return true; })()");
        String violation = browser.await("window.fluxtapCspViolations.length > 0 && window.fluxtapCspViolations[0]",
                DEADLINE).asString();
        assertTrue(violation.startsWith("CSP violation: img-src blocked http://127.0.0.2:9/x.png"), violation);
    }

    @Test
    void theDashboardRefusesToBeFramed() {
        browser.navigate(server.uri().resolve("logs"));
        browser.eval("(() => { const f = document.createElement('iframe'); f.id = 'framed'; f.src = location.href;"
                + " document.body.appendChild(f); return true; })()");
        // A refused frame loads Chromium's error page instead: its document is not the dashboard's.
        String violation = browser.await("window.fluxtapCspViolations.find(v => v.includes('frame-ancestors'))"
                + " || (document.querySelector('#framed').contentDocument === null && 'blocked')", DEADLINE).asString();
        assertTrue(violation.contains("frame-ancestors") || violation.equals("blocked"), violation);
    }
}
