package io.fluxtap.ui.traces;

import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.DuckDbSql;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Traces page in a real browser: search, the results' links, a 5,000-span waterfall, span detail, id jump. */
class TracesBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String BIG = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FAILED = "0af7651916cd43dd8448eb211c80319c";
    private static final String FAST = "11111111111111111111111111111111";
    private static DuckDbSql sql;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        sql = new DuckDbSql();
        // A 5,000-span trace: a root and a chain of children under it, each 1 ms later.
        sql.span(BIG, "root000000000000", null, "gateway", "POST /checkout", now.minusSeconds(120),
                Duration.ofSeconds(6), "ok", "{\"http.route\":\"/checkout\"}");
        sql.execute("INSERT INTO spans (ts, trace_id, span_id, entity_name, level, end_ts, duration_ns, parent_span_id,"
                + " name, kind, status_code, attributes, resource, events, links)"
                + " SELECT ?::TIMESTAMPTZ + to_milliseconds(i + 1), ?, printf('%016x', i + 1), 'inventory', 'info',"
                + " ?::TIMESTAMPTZ + to_milliseconds(i + 2), 1000000,"
                + " CASE WHEN i = 0 THEN 'root000000000000' ELSE printf('%016x', i) END,"
                + " 'reserve item ' || i, 'internal', 'ok', '{}', '{}', '[]', '[]' FROM range(4999) t(i)",
                java.sql.Timestamp.from(now.minusSeconds(120)), BIG, java.sql.Timestamp.from(now.minusSeconds(120)));
        sql.span(FAILED, "aaaaaaaaaaaaaaaa", null, "billing", "charge card", now.minusSeconds(60),
                Duration.ofMillis(850), "ok", "{\"card.brand\":\"visa\"}");
        sql.span(FAILED, "bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", "ledger", "INSERT entry", now.minusSeconds(60).plusMillis(5),
                Duration.ofMillis(800), "error", "{\"db.system\":\"duckdb\",\"quokka\":\"ledger-refused\"}");
        sql.span(FAST, "cccccccccccccccc", null, "catalog", "GET /items", now.minusSeconds(30), Duration.ofMillis(3),
                "ok", null);
        sql.log(now.minusSeconds(60).plusMillis(10), "ledger", "error", "ledger refused the entry", FAILED);
        sql.message(now.minusSeconds(60), 987654321L, FAILED, "visa-v1");
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

    private static String rowsOf(String gridId) {
        return "document.querySelector('#" + gridId + "') && document.querySelector('#" + gridId + "').size";
    }

    @Test
    void searchByStatusFindsOnlyTheFailedTraceAndItsLinkOpensTheWaterfall() {
        browser.navigate(server.uri().resolve("traces?range=1h&status=error"));

        assertEquals(1, browser.await(rowsOf("trace-results"), DEADLINE).asInt());
        assertTrue(browser.await("document.querySelector('#trace-results a.trace-link') &&"
                + " document.querySelector('#trace-results a.trace-link').textContent === 'charge card'", DEADLINE).asBoolean());
        shot("traces-search-light");

        browser.click("#trace-results a.trace-link");

        browser.await("location.pathname === '/traces/" + FAILED + "'", DEADLINE);
        assertEquals(2, browser.await(rowsOf("waterfall"), DEADLINE).asInt());
        String text = browser.await("document.querySelector('#trace-logs vaadin-grid-cell-content') &&"
                + " document.body.innerText", DEADLINE).asString();
        assertTrue(browser.text().contains("ledger refused the entry"), "the trace's log is missing");
        assertTrue(browser.text().contains("987654321"), "the trace's message is missing: " + text);
    }

    @Test
    void searchByServiceAndMinimumDurationNarrowsTheResults() {
        browser.navigate(server.uri().resolve("traces?range=1h&min=100"));
        assertEquals(2, browser.await(rowsOf("trace-results"), DEADLINE).asInt(), "the 3 ms trace is too fast");

        browser.navigate(server.uri().resolve("traces?range=1h&service=catalog"));
        assertEquals(1, browser.await(rowsOf("trace-results"), DEADLINE).asInt());

        browser.navigate(server.uri().resolve("traces?range=1h&attr=quokka%3Dledger-refused"));
        assertEquals(1, browser.await(rowsOf("trace-results"), DEADLINE).asInt());
    }

    @Test
    void aFiveThousandSpanTraceOpensAndASpansDetailShowsItsAttributes() {
        browser.navigate(server.uri().resolve("traces/" + BIG));

        assertEquals(5000, browser.await(rowsOf("waterfall"), DEADLINE).asInt());
        assertTrue(browser.await("document.querySelector('#trace-summary') &&"
                + " document.querySelector('#trace-summary').textContent.startsWith('5000 spans')", DEADLINE).asBoolean());
        // Virtualised: the browser renders a screenful of rows, not 5,000.
        int rendered = browser.eval("document.querySelectorAll('#waterfall .span-name').length").asInt();
        assertTrue(rendered > 0 && rendered < 500, rendered + " rows rendered");
        shot("trace-waterfall-light");

        browser.click("#waterfall .span-name");

        String attributes = browser.await("document.querySelector('#span-attributes') &&"
                + " document.querySelector('#span-attributes').textContent", DEADLINE).asString();
        assertTrue(attributes.contains("/checkout"), attributes);
        assertEquals("POST /checkout", browser.eval("document.querySelector('#span-detail-name').textContent").asString());
    }

    @Test
    void theShellSearchBoxJumpsToATraceAndAFluxIdFindsItsTrace() {
        browser.navigate(server.uri().resolve("?range=1h"));
        browser.typeAndEnter("#jump-search", FAILED.toUpperCase());
        browser.await("location.pathname === '/traces/" + FAILED + "'", DEADLINE);
        assertEquals(2, browser.await(rowsOf("waterfall"), DEADLINE).asInt());

        browser.typeAndEnter("#jump-search", "987654321");
        browser.await("location.search.includes('flux=987654321')", DEADLINE);
        assertEquals(1, browser.await(rowsOf("trace-results"), DEADLINE).asInt());
    }

    @Test
    void anUnknownTraceIdSaysSoInsteadOfAnEmptyWaterfall() {
        browser.navigate(server.uri().resolve("traces/ffffffffffffffffffffffffffffffff"));
        String text = browser.await("document.querySelector('#trace-empty') && document.querySelector('#trace-empty').textContent",
                DEADLINE).asString();
        assertTrue(text.contains("No spans stored"), text);
        assertFalse(browser.text().contains("Exception"), browser.text());
    }

    private static void shot(String name) {
        try {
            Path png = browser.screenshot(Path.of("target", "screenshots", name + ".png"));
            assertTrue(Files.size(png) > 20_000, png + " is only " + Files.size(png) + " bytes");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
