package io.fluxtap.ui.levels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Level;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLevelControl;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import io.fluxtap.ui.testing.TestLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Levels page as a real browser renders it, over an in-memory level port and log store. */
class LevelsBrowserTest {

    private static final Duration RENDER_DEADLINE = Duration.ofSeconds(60);

    private static InMemoryLevelControl levels;
    private static DashboardServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startDashboard() {
        levels = new InMemoryLevelControl();
        InMemoryLogQuery logs = new InMemoryLogQuery(List.of(
                TestLogs.log(Instant.now(), "catalog", "cache", Level.INFO, "warm", null)));
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(levels, logs));
        server.start();
        chromium = HeadlessChromium.locate();
    }

    @AfterAll
    static void stopDashboard() {
        server.stop();
    }

    @Test
    void listsEveryServiceWithItsOverrideTheGuardAndFluxtapsLoggers() throws Exception {
        levels.set("checkout", Level.DEBUG, Duration.ofMinutes(10), "incident 42", "10.0.0.7");
        levels.throttle("checkout");

        String dom = chromium.awaitDom(server.uri().resolve("levels"), d -> d.contains("incident 42"), RENDER_DEADLINE);

        assertTrue(dom.contains("id=\"levels-grid\""), dom);
        assertTrue(dom.contains("checkout") && dom.contains("10.0.0.7") && dom.contains("throttled"), dom);
        assertTrue(dom.contains("catalog"), "services seen in the log store are listed too");
        assertTrue(dom.contains("trace and debug need a TTL of at most 1h"), "the guard is shown");
        assertTrue(dom.contains("io.fluxtap.ingestion"), "Fluxtap's own loggers");
        assertFalse(dom.contains("org.eclipse.jetty"), "only Fluxtap's loggers");
        assertTrue(dom.contains(">Levels<"), "navigation entry");

        Path png = chromium.screenshot(server.uri().resolve("levels"), Path.of("target", "levels-page.png"), 1400, 900,
                Duration.ofSeconds(10));
        assertTrue(Files.size(png) > 20_000, "the screenshot looks blank");
    }

    @Test
    void aLevelSetFromThePageShowsInTheList() throws Exception {
        try (DevToolsSession page = DevToolsSession.open(chromium.binary())) {
            page.navigate(server.uri().resolve("levels"));
            assertTrue(page.await("document.querySelector('#level-set')", RENDER_DEADLINE), "the form never rendered");
            // As a person would: a service typed into the combo box, a reason typed, the button clicked.
            page.evaluate("""
                    (() => {
                      const service = document.querySelector('#level-service');
                      service.dispatchEvent(new CustomEvent('custom-value-set', {detail: 'payments'}));
                      const reason = document.querySelector('#level-reason');
                      reason.value = 'set from the page';
                      reason.dispatchEvent(new Event('change', {bubbles: true}));
                      return 'typed';
                    })()""");
            assertTrue(page.await(
                    "JSON.stringify(document.querySelector('#level-service').selectedItem || {}).includes('payments')",
                    RENDER_DEADLINE),
                    "the service value never reached the field");
            page.evaluate("document.querySelector('#level-set').click(), 'clicked'");

            assertTrue(page.await("document.querySelector('#level-message').textContent.includes('payments is at debug')",
                    RENDER_DEADLINE), "no confirmation: " + page.evaluate("document.body.innerText"));
            assertTrue(page.await("document.querySelector('#levels-grid').innerText.includes('set from the page')"
                    + " || document.body.innerHTML.includes('set from the page')", RENDER_DEADLINE),
                    "the new override is not listed: " + page.evaluate("document.body.innerText"));
        }
        var set = levels.level("payments").override();
        assertTrue(set != null && set.level() == Level.DEBUG && "set from the page".equals(set.reason()),
                "the port was not called as the page said: " + set);
        assertTrue(set.expiresAt() != null, "the default TTL the form offers");
    }
}
