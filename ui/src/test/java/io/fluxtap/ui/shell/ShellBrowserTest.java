package io.fluxtap.ui.shell;

import io.fluxtap.api.Level;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.alerts.SilenceMatcher;
import io.fluxtap.api.alerts.SilenceRequest;
import io.fluxtap.ui.testing.InMemoryAlertControl;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.DuckDbSql;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import io.fluxtap.ui.testing.TestLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell and the Overview in a real browser: range in the address, chart zoom, theme, not-found page. */
class ShellBrowserTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static DuckDbSql sql;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        sql = new DuckDbSql();
        // 42 logs over the last 30 minutes, 7 spans: what the tiles and the chart must show.
        sql.execute("INSERT INTO logs (ts, entity_name, level, body) SELECT now() - to_seconds(i * 40), 'api', 'info',"
                + " 'log ' || i FROM range(42) t(i)");
        for (int i = 0; i < 7; i++) {
            sql.span("0af7651916cd43dd8448eb211c8031" + (10 + i), "b7ad6b71692033" + (10 + i), null, "api", "GET /",
                    now.minusSeconds(60L * i), Duration.ofMillis(20), "ok", null);
        }
        InMemoryLogQuery logs = new InMemoryLogQuery(List.of(
                TestLogs.log(now.minusSeconds(5), "api", "http", Level.INFO, "served", null)));
        // Two firing (one silenced) and one pending: the tile counts the one that reaches someone.
        InMemoryAlertControl alerts = new InMemoryAlertControl();
        alerts.fire(alert("a1", "firing"));
        alerts.fire(alert("a2", "firing"));
        alerts.fire(alert("a3", "pending"));
        alerts.createSilence(new SilenceRequest("", List.of(new SilenceMatcher("id", "=", "a2")), now.minusSeconds(60),
                now.plusSeconds(3600), "ops", "known"));
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(logs, sql, alerts));
        server.start();
        browser = HeadlessChromium.locate().open(1400, 900);
    }

    private static AlertEntry alert(String fingerprint, String state) {
        return new AlertEntry(fingerprint, java.util.Map.of("alertname", "HighLatency", "id", fingerprint),
                java.util.Map.of(), state, Instant.now().minusSeconds(300), 1.0, List.of(), List.of());
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
        sql.close();
    }

    @BeforeEach
    void lightByDefault() {
        browser.preferColorScheme("light");
    }

    private static URI page(String path) {
        return server.uri().resolve(path);
    }

    @Test
    void overviewChartsRecordsPerSignalAndTilesCountTheRange() {
        browser.navigate(page("?range=1h"));

        String names = browser.await("document.querySelector('#ingest-chart[data-series]')"
                + " && document.querySelector('#ingest-chart').getAttribute('data-series')", DEADLINE).asString();
        assertEquals("logs,spans,metrics,messages", names);
        assertTrue(browser.await("document.querySelector('#ingest-chart .u-legend') !== null", DEADLINE).asBoolean());
        assertEquals("42", browser.eval("document.querySelector('#tile-logs .tile-value').textContent").asString());
        assertEquals("7", browser.eval("document.querySelector('#tile-spans .tile-value').textContent").asString());
        assertEquals("1", browser.eval("document.querySelector('#tile-alerts .tile-value').textContent").asString());
        assertEquals("1 pending · 1 silenced or inhibited",
                browser.eval("document.querySelector('#tile-alerts .tile-detail').textContent").asString());
        assertTrue(browser.eval("document.querySelector('#tile-alerts').getAttribute('href')").asString().endsWith("alerts"));
        assertTrue(browser.text().contains("Last 1h"), "the picker shows the range of the address");
        assertTrue(browser.exceptions().isEmpty(), browser.exceptions().toString());
        screenshot("overview-light");
    }

    @Test
    void draggingAcrossTheChartPutsTheChosenRangeIntoTheAddress() {
        browser.navigate(page("?range=1h"));
        JsonNode plot = browser.await("(() => { const o = document.querySelector('#ingest-chart .u-over');"
                + " if (!o) return null; const r = o.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })()",
                DEADLINE);
        double y = plot.get("y").asDouble() + plot.get("h").asDouble() / 2;
        double x = plot.get("x").asDouble();
        double w = plot.get("w").asDouble();

        browser.drag(x + w * 0.25, y, x + w * 0.75, y);

        String href = browser.await("location.search.includes('from=') && location.href", DEADLINE).asString();
        assertTrue(href.contains("to="), href);
        // About half of the hour (the plot's x scale runs a bucket past the range, and the drag ends on whole pixels).
        String from = href.replaceAll(".*from=([^&]+).*", "$1").replace("%3A", ":");
        String to = href.replaceAll(".*[?&]to=([^&]+).*", "$1").replace("%3A", ":");
        long minutes = Duration.between(Instant.parse(from), Instant.parse(to)).toMinutes();
        assertTrue(minutes >= 20 && minutes <= 45, "zoomed to " + minutes + " minutes: " + href);
        // The page re-entered with the fixed range: the picker says so.
        browser.await("document.querySelector('#range-from') && document.querySelector('#range-from').offsetWidth > 0"
                + " && document.querySelector('#time-range').innerText.includes('Custom range')", DEADLINE);
    }

    @Test
    void theBrowsersDarkPreferenceIsFollowedAndTheToggleOverridesIt() {
        browser.navigate(page("?range=15m"));
        browser.eval("localStorage.clear()");
        browser.preferColorScheme("dark");
        browser.navigate(page("?range=15m&refresh=off"));
        browser.await("document.documentElement.getAttribute('theme') === 'dark'", DEADLINE);
        browser.await("document.querySelector('#ingest-chart[data-series]') !== null", DEADLINE);
        screenshot("overview-dark");

        browser.click("#theme-toggle");
        browser.await("document.documentElement.getAttribute('theme') === null", DEADLINE);
        // The choice is remembered: a new page load stays light although the browser prefers dark.
        browser.navigate(page("logs"));
        browser.await("document.querySelector('#logs-grid') !== null", DEADLINE);
        assertTrue(browser.eval("document.documentElement.getAttribute('theme')").isNull(), "dark again after reload");
        browser.eval("localStorage.clear()");
    }

    @Test
    void anUnknownAddressShowsTheStyledNotFoundPageInsideTheShell() {
        browser.navigate(page("no-such-page"));

        String text = browser.await("document.querySelector('#not-found') && document.body.innerText", DEADLINE).asString();
        assertTrue(text.contains("Page not found"), text);
        assertTrue(text.contains("/no-such-page"), text);
        assertTrue(browser.eval("document.querySelector('#main-nav') !== null").asBoolean(), "navigation missing");
        assertTrue(!text.contains("Could not navigate"), "Vaadin's own error page: " + text);
    }

    /**
     * Every page in light and dark under target/screenshots; with {@code -Dfluxtap.docs.dir=...} the README's
     * tour pictures are copied there too (README, "Dashboard").
     */
    @Test
    void everyPageRendersInLightAndDarkAndTheTourPicturesAreWritten() throws java.io.IOException {
        List<String> pages = List.of("", "services", "services/api", "traces", "traces/0af7651916cd43dd8448eb211c803110",
                "logs", "no-such-page");
        for (String scheme : List.of("light", "dark")) {
            browser.navigate(page("?range=1h&refresh=off"));
            browser.eval("localStorage.clear()");
            browser.preferColorScheme(scheme);
            for (String path : pages) {
                browser.navigate(page(path + (path.contains("?") ? "&" : "?") + "range=1h&refresh=off"));
                browser.await("document.querySelector('#main-nav') !== null && document.documentElement.getAttribute('theme') "
                        + ("dark".equals(scheme) ? "=== 'dark'" : "=== null"), DEADLINE);
                browser.await("!document.querySelector('.fluxtap-chart') || document.querySelector('.fluxtap-chart[data-series]')",
                        DEADLINE);
                String name = (path.isEmpty() ? "overview" : path.replace('/', '-')) + "-" + scheme;
                screenshot("page-" + name);
                assertTrue(!browser.text().contains("Exception"), path + " shows an exception: " + browser.text());
            }
        }
        String docs = System.getProperty("fluxtap.docs.dir");
        if (docs != null && !docs.isBlank()) {
            Path dir = Files.createDirectories(Path.of(docs));
            for (String name : List.of("page-overview-dark", "page-services-api-light",
                    "page-traces-0af7651916cd43dd8448eb211c803110-light")) {
                Files.copy(Path.of("target", "screenshots", name + ".png"),
                        dir.resolve(name.replace("-0af7651916cd43dd8448eb211c803110", "-waterfall").replace("page-", "dashboard-")
                                + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void screenshot(String name) {
        try {
            Path png = browser.screenshot(Path.of("target", "screenshots", name + ".png"));
            assertTrue(Files.size(png) > 20_000, "screenshot " + png + " is only " + Files.size(png) + " bytes");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
