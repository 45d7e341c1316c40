package io.fluxtap.ui.console;

import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.DuckDbSql;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL console in a real browser: a statement's columns with their types and row count, and an error in the page. */
class SqlConsoleBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static DuckDbSql sql;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        sql = new DuckDbSql();
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(new InMemoryLogQuery(List.of()), sql));
        server.start();
        browser = HeadlessChromium.locate().open(1400, 900);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
        sql.close();
    }

    @Test
    void aStatementShowsItsColumnsTypesAndRowCount() {
        run("SELECT 40 + 2 AS answer, 'x' AS word");
        browser.await("document.querySelector('#sql-status').innerText.includes('1 rows in')", DEADLINE);
        String text = browser.text();
        assertTrue(text.contains("answer · INTEGER"), text);
        assertTrue(text.contains("word · VARCHAR"), text);
        browser.await("document.querySelector('#sql-results').innerText.includes('42')", DEADLINE);
        browser.screenshot(Path.of("target", "screenshots", "sql-light.png"));
        browser.eval("localStorage.clear()");
        browser.preferColorScheme("dark");
        run("SELECT 40 + 2 AS answer, 'x' AS word");
        browser.await("document.documentElement.getAttribute('theme') === 'dark'", DEADLINE);
        browser.await("document.querySelector('#sql-status').innerText.includes('1 rows in')", DEADLINE);
        browser.screenshot(Path.of("target", "screenshots", "sql-dark.png"));
        browser.preferColorScheme("light");
    }

    @Test
    void theResultDownloadsAsCsv() {
        run("SELECT 'a,b' AS label, 7 AS n");
        browser.await("!!document.querySelector('#sql-csv[href]')", DEADLINE);
        browser.eval("(() => { window.csv = null; fetch(document.querySelector('#sql-csv').href)"
                + ".then(r => r.text()).then(t => window.csv = t); return true; })()");
        String csv = browser.await("window.csv", DEADLINE).asString();
        assertTrue(csv.equals("label,n\r\n\"a,b\",7\r\n"), csv);
    }

    @Test
    void anUnknownColumnIsShownAsAnErrorInThePage() {
        run("SELECT no_such_column FROM (SELECT 1 AS a)");
        browser.await("document.querySelector('#sql-status').innerText.startsWith('Error:')", DEADLINE);
        assertTrue(browser.text().contains("no_such_column"), browser.text());
    }

    private static void run(String statement) {
        browser.navigate(server.uri().resolve("sql"));
        browser.await("!!document.querySelector('#sql-editor')", DEADLINE);
        browser.eval("(() => { const e = document.querySelector('#sql-editor'); e.value = " + quoted(statement)
                + "; e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()");
        browser.click("#sql-run");
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
