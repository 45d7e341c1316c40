package io.fluxtap.ui.views;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import io.fluxtap.ui.testing.TestLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Logs page's fix list in a real browser: paging, detail, trace links, inline errors, histogram zoom, narrow. */
class LogsBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String BAD = "level = 'error' AND nope = 1";
    private static final String STATUS_QUERY = "attributes.http.status_code >= 500";
    private static InMemoryLogQuery logs;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            records.add(TestLogs.log(now.minusSeconds(5 + i * 4L), "api", "http", i % 10 == 0 ? Level.ERROR : Level.INFO,
                    "request " + i, null));
        }
        records.add(new LogRecord(now.minusSeconds(1), now.minusSeconds(1), TRACE, "00f067aa0ba902b7", 42L, "host-7",
                "billing", "ledger", Level.WARN, 13, "ledger slow", Map.of("http.status_code", 503L, "quokka", "yes"),
                Map.of("service.version", "1.4.2")));
        logs = new InMemoryLogQuery(records);
        logs.refuse(BAD, new LogQuerySyntaxException("unknown field 'nope'", 20));
        logs.understand(STATUS_QUERY, log -> log.attributes().get("http.status_code") instanceof Long code && code >= 500);
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(logs));
        server.start();
        browser = HeadlessChromium.locate().open(1400, 900);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
    }

    private static int gridSize() {
        return browser.eval("document.querySelector('#logs-grid').size || 0").asInt();
    }

    @Test
    void theRangeIsPagedAsTheGridScrollsInsteadOfStoppingAtTheNewest500() {
        browser.navigate(server.uri().resolve("logs?range=1h&refresh=off"));
        browser.await("document.querySelector('#log-status') && document.querySelector('#log-status').textContent.includes('200+')",
                DEADLINE);

        browser.eval("document.querySelector('#logs-grid').scrollToIndex(440)");

        browser.await("document.body.innerText.includes('request 449')", DEADLINE);
        assertEquals(451, browser.await("document.querySelector('#logs-grid').size >= 451"
                + " && document.querySelector('#logs-grid').size", DEADLINE).asInt());
        shot("logs-light");
    }

    @Test
    void clickingARowShowsEveryAttributeAndResourceFieldAndTheTraceIsALink() {
        browser.navigate(server.uri().resolve("logs?range=1h&refresh=off&service=billing"));
        browser.await("document.querySelector('a.trace-link') && document.querySelector('a.trace-link').textContent === '"
                + TRACE + "'", DEADLINE);
        assertTrue(browser.eval("document.querySelector('a.trace-link').getAttribute('href')").asString()
                .endsWith("traces/" + TRACE));

        browser.click("#logs-grid .log-body");

        String detail = browser.await("document.querySelector('#log-detail') && document.querySelector('#log-detail').offsetWidth > 0"
                + " && document.querySelector('#log-detail').innerText", DEADLINE).asString();
        assertTrue(detail.contains("http.status_code = 503"), detail);
        assertTrue(detail.contains("service.version = 1.4.2"), detail);
        assertTrue(detail.contains("flux_id = 42"), detail);
        shot("logs-detail-light");
    }

    @Test
    void aSyntaxErrorIsShownInlineAndNotAsNoRecordsMatch() {
        browser.navigate(server.uri().resolve("logs?range=1h&refresh=off&query="
                + URLEncoder.encode(BAD, StandardCharsets.UTF_8).replace("+", "%20")));

        String text = browser.await("document.body.innerText.includes('at position 20') && document.body.innerText", DEADLINE)
                .asString();
        assertTrue(text.contains("The query has an error"), text);
        assertFalse(browser.text().contains("No log records"), "the error reads as an empty result: " + browser.text());
    }

    @Test
    void clickingAHistogramBarZoomsTheRangeToThatBarEvenIfTheChartRedrawsMeanwhile() {
        browser.navigate(server.uri().resolve("logs?range=1h&refresh=off"));
        // Bars run from their bucket's start to start + step over an x scale of [first start, last start + step],
        // so bucket k fills the k-th of N equal slices of the plot. Press on the right half of one, where the
        // nearest bucket start is the next bar's.
        // The plot's place is read until two reads agree: rows or notes arriving later can still move it, and a
        // press computed from a place it has left lands beside the plot (a clean-clone run failed so once).
        JsonNode bar = browser.await("(() => { const h = document.querySelector('#log-histogram[data-series]');"
                + " const o = document.querySelector('#log-histogram .u-over'); if (!h || !o) return null;"
                + " const n = +h.getAttribute('data-points'), k = n - 10, r = o.getBoundingClientRect();"
                + " const place = [r.x, r.y, r.width, r.height, n].join(); const settled = window.histogramPlace === place;"
                + " window.histogramPlace = place; if (!settled) return null;"
                + " return {x: r.x + r.width * (k + 0.8) / n, y: r.y + r.height - 3, k: k,"
                + " first: +h.getAttribute('data-first')}; })()", DEADLINE);
        String levels = browser.eval("document.querySelector('#log-histogram').getAttribute('data-series')").asString();
        assertTrue(levels.contains("error") && levels.contains("info") && levels.contains("warn"), levels);

        // Come in from outside, as a person does; the bucket comes from the pointer's own position at the release
        // (timechart.js), not from uPlot's cursor, whose cached plot position can be stale. The chart is rendered
        // again between press and release, as new data or a theme change does.
        browser.hover(1, 1);
        browser.hover(bar.get("x").asDouble(), bar.get("y").asDouble());
        browser.press(bar.get("x").asDouble(), bar.get("y").asDouble());
        browser.eval("window.fluxtapChart.refreshAll()");
        browser.release(bar.get("x").asDouble(), bar.get("y").asDouble());

        String href = browser.await("location.search.includes('from=') && location.href", DEADLINE).asString();
        String from = href.replaceAll(".*from=([^&]+).*", "$1").replace("%3A", ":");
        String to = href.replaceAll(".*[?&]to=([^&]+).*", "$1").replace("%3A", ":");
        // One bucket of a 1h range is 30 s.
        Instant expectedFrom = Instant.ofEpochMilli(Math.round(bar.get("first").asDouble() * 1000) + 30_000L * bar.get("k").asLong());
        assertEquals(expectedFrom, Instant.parse(from), href);
        assertEquals(Duration.ofSeconds(30), Duration.between(Instant.parse(from), Instant.parse(to)), href);
    }

    @Test
    void atPhoneWidthTheFilterBarWrapsInsteadOfRunningOffTheScreen() {
        browser.resize(420, 800);
        try {
            browser.navigate(server.uri().resolve("logs?range=1h&refresh=off"));
            double right = browser.await("document.querySelector('#filter-text') &&"
                    + " document.querySelector('#filter-text').getBoundingClientRect().right", DEADLINE).asDouble();
            double queryRight = browser.eval("document.querySelector('#filter-query').getBoundingClientRect().right").asDouble();
            assertTrue(right <= 420 && queryRight <= 420, "fields end at " + right + " and " + queryRight + " px");
            shot("logs-narrow-light");
        } finally {
            browser.resize(1400, 900);
        }
    }

    @Test
    void theLiveTailPushesNewRecordsOnTopAndPauseHoldsThemBackUntilResume() {
        InMemoryLogQuery tailed = new InMemoryLogQuery(List.of(
                TestLogs.log(Instant.now().minusSeconds(60), "tailer", "tail", Level.INFO, "before the tail", null)));
        DashboardServer live = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(tailed));
        live.start();
        try {
            // An hour between the shell's polls: whatever shows up sooner came by server push.
            browser.navigate(live.uri().resolve("logs?range=1h&refresh=1h"));
            browser.await("document.querySelector('#log-status') && document.querySelector('#log-status').textContent"
                    + " === '1 record · live' && document.body.innerText.includes('before the tail')", DEADLINE);
            browser.eval("window.fluxtapSamePage = true");

            tailed.add(TestLogs.log(Instant.now(), "tailer", "tail", Level.WARN, "pushed while watching", null));

            browser.await("document.body.innerText.includes('pushed while watching')", DEADLINE);
            assertEquals("2 records · live", browser.await("document.querySelector('#log-status').textContent.includes('2')"
                    + " && document.querySelector('#log-status').textContent", DEADLINE).asString());
            assertTrue(browser.eval("window.fluxtapSamePage === true").asBoolean(), "the page was reloaded");

            browser.click("#log-tail-pause");
            browser.await("document.querySelector('#log-tail-pause').innerText.trim() === 'Resume'", DEADLINE);
            tailed.add(TestLogs.log(Instant.now(), "tailer", "tail", Level.ERROR, "held back by the pause", null));

            // The tail keeps looking while paused and says what waits, without showing it.
            browser.await("document.querySelector('#log-tail-note').textContent === 'Paused: 1 new record waiting'",
                    DEADLINE);
            assertFalse(browser.text().contains("held back by the pause"), browser.text());
            assertTrue(browser.text().contains("2 records · paused"), browser.text());

            browser.click("#log-tail-pause");

            browser.await("document.body.innerText.includes('held back by the pause')", DEADLINE);
            assertEquals("3 records · live", browser.await("document.querySelector('#log-status').textContent.includes('3')"
                    + " && document.querySelector('#log-status').textContent", DEADLINE).asString());
            assertEquals("Pause", browser.eval("document.querySelector('#log-tail-pause').innerText.trim()").asString());
            assertTrue(browser.eval("window.fluxtapSamePage === true").asBoolean(), "the page was reloaded");
            shot("logs-live-tail-light");
        } finally {
            live.stop();
        }
    }

    @Test
    void showContextListsTheSameServicesRecordsAroundTheSelectedOneWhateverTheFilter() {
        // The text filter leaves one record in the grid; its context is not filtered.
        browser.navigate(server.uri().resolve("logs?range=1h&refresh=off&q=request%20100"));
        browser.await("document.querySelector('#log-status') && document.querySelector('#log-status').textContent === '1 record'"
                + " && document.querySelector('#logs-grid .log-body')", DEADLINE);
        // A click while the grid's rows are still on their way can be dropped: wait for the round trips first.
        awaitRoundTrips();
        browser.click("#logs-grid .log-body");
        browser.await("document.querySelector('#log-detail-context') && document.querySelector('#log-detail-context').offsetWidth > 0",
                DEADLINE);
        awaitRoundTrips();

        browser.click("#log-detail-context");

        JsonNode lines = browser.await("document.querySelectorAll('#log-context .log-context-line').length > 0"
                + " && [...document.querySelectorAll('#log-context .log-context-line')].map(l => l.textContent)", DEADLINE);
        assertEquals(41, lines.size(), lines.toString());
        // request i is 4i s older than request 0: the 20 before are 120..101, the 20 after 99..80.
        assertTrue(lines.get(0).asString().endsWith("request 120"), lines.toString());
        assertTrue(lines.get(19).asString().endsWith("request 101"), lines.toString());
        assertTrue(lines.get(21).asString().endsWith("request 99"), lines.toString());
        assertTrue(lines.get(40).asString().endsWith("request 80"), lines.toString());
        assertFalse(lines.toString().contains("ledger slow"), "another service's record is in the context");
        assertEquals(List.of("request 100"), browser.eval("[...document.querySelectorAll('#log-context .log-context-selected')]"
                + ".map(l => l.textContent.replace(/^\\S+ \\S+ \\S+ /, ''))").valueStream().map(JsonNode::asString).toList());
        assertTrue(browser.text().contains("Context of api: 20 before, 20 after"), browser.text());
        shot("logs-context-light");
    }

    @Test
    void theQueryBarCompletesAttributeKeysSeenAndFieldNames() {
        browser.navigate(server.uri().resolve("logs?range=1h&refresh=off"));
        browser.await("document.querySelector('#log-status') && document.querySelector('#log-status').textContent.includes('200+')",
                DEADLINE);

        browser.type("#filter-query", "serv");
        browser.await(suggestion("entity_name"), DEADLINE);
        browser.eval("(() => { const i = document.querySelector('#filter-query').inputElement; i.value = '';"
                + " i.dispatchEvent(new Event('input', {bubbles: true, composed: true})); })()");
        browser.await("document.querySelectorAll('#query-suggestions .query-suggestion').length === 0", DEADLINE);

        browser.type("#filter-query", "htt");
        String offered = browser.await(suggestion("attributes.http.status_code")
                + " && [...document.querySelectorAll('#query-suggestions .query-suggestion')].map(b => b.innerText.trim()).join(',')",
                DEADLINE).asString();
        assertEquals("attributes.http.status_code", offered, "only the key seen that starts so");
        browser.click("#query-suggestions .query-suggestion");
        browser.await("document.querySelector('#filter-query').value === 'attributes.http.status_code '", DEADLINE);

        browser.type("#filter-query", ">= 500");
        browser.key("Enter", 13);

        browser.await("document.querySelector('#log-status').textContent === '1 record'"
                + " && document.body.innerText.includes('ledger slow')", DEADLINE);
        assertTrue(logs.searches().stream().anyMatch(search -> STATUS_QUERY.equals(search.query())), logs.searches().toString());
        assertTrue(logs.searches().stream().noneMatch(search -> "htt".equals(search.query())),
                "picking a suggestion ran the half-typed query");
    }

    private static void awaitRoundTrips() {
        browser.await("window.Vaadin && window.Vaadin.Flow && !Object.values(window.Vaadin.Flow.clients).some(c => c.isActive())",
                DEADLINE);
    }

    private static String suggestion(String text) {
        return "[...document.querySelectorAll('#query-suggestions .query-suggestion')].some(b => b.innerText.trim() === '"
                + text + "')";
    }

    private static void shot(String name) {
        browser.screenshot(Path.of("target", "screenshots", name + ".png"));
    }
}
