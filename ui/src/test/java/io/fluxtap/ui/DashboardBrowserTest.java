package io.fluxtap.ui;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.api.Level;
import io.fluxtap.api.LevelCount;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.ui.testing.DashboardDom;
import io.fluxtap.ui.testing.FixedHealth;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import io.fluxtap.ui.testing.TestLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard as a real browser renders it, against in-memory service doubles. */
class DashboardBrowserTest {

    private static final Duration RENDER_DEADLINE = Duration.ofSeconds(60);
    private static final String DISTINCTIVE = "payment 7f3e-quokka settled after 3 retries";
    private static final String OTHER = "cache warmed in 42 ms";
    private static final String ERROR_BODY = "upstream ledger refused the connection";
    /** Quotes, '=', '>=', '&' and spaces: everything that must survive the trip through the address. */
    private static final String QUERY = "entity_name = 'billing' AND body CONTAINS 'ledger & co' AND attributes.http.status_code >= 500";
    private static final String BAD_QUERY = "level = 'error' AND nope = 1";
    private static final int BAD_POSITION = 20;

    private static InMemoryLogQuery logs;
    private static DashboardServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startDashboard() {
        Instant now = Instant.now();
        logs = new InMemoryLogQuery(List.of(
                TestLogs.log(now.minusSeconds(30), "billing", "ledger-client", Level.ERROR, ERROR_BODY,
                        "0af7651916cd43dd8448eb211c80319c"),
                TestLogs.log(now.minusSeconds(20), "catalog", "cache", Level.INFO, OTHER, null),
                TestLogs.log(now.minusSeconds(10), "billing", "payments", Level.INFO, DISTINCTIVE,
                        "4bf92f3577b34da6a3ce929d0e0e4736")));
        logs.understand(QUERY, log -> log.body().equals(ERROR_BODY));
        logs.refuse(BAD_QUERY, new LogQuerySyntaxException("unknown field 'nope'", BAD_POSITION));
        FixedHealth store = new FixedHealth("test-store",
                new ComponentHealth(HealthStatus.DEGRADED, "WAL replay behind", Map.of("backlog_records", 1234L)));
        FixedHealth ingest = new FixedHealth("test-ingest", ComponentHealth.healthy(Map.of("lanes", 3L)));
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(logs, store, ingest));
        server.start();
        chromium = HeadlessChromium.locate();
    }

    @AfterAll
    static void stopDashboard() {
        server.stop();
    }

    @Test
    void logsPageRendersEachLogBodyInTheGridAndLooksLikeADashboard() throws IOException {
        URI page = server.uri().resolve("logs");

        String dom = chromium.awaitDom(page, d -> d.contains(DISTINCTIVE), RENDER_DEADLINE);

        assertEquals(List.of(DISTINCTIVE, OTHER, ERROR_BODY), DashboardDom.logBodies(dom), "newest first");
        assertTrue(dom.contains("4bf92f3577b34da6a3ce929d0e0e4736"), "trace id column missing");
        assertTrue(dom.contains("3 records"), "record count missing");

        Path png = chromium.screenshot(page, Path.of("target", "logs-page.png"), 1400, 900, Duration.ofSeconds(10));
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
        // A blank 1400x900 page compresses to a few kilobytes; a rendered grid with text does not.
        assertTrue(bytes.length > 30_000, "screenshot is only " + bytes.length + " bytes: is the page blank?");
    }

    @Test
    void textFilterFromTheAddressReachesTheLogSearch() {
        String dom = chromium.awaitDom(server.uri().resolve("logs?q=QUOKKA"), d -> d.contains(DISTINCTIVE),
                RENDER_DEADLINE);

        assertEquals(List.of(DISTINCTIVE), DashboardDom.logBodies(dom));
        assertTrue(dom.contains("1 record"), "record count missing");
    }

    @Test
    void levelAndServiceFiltersFromTheAddressReachTheLogSearch() {
        String dom = chromium.awaitDom(server.uri().resolve("logs?service=billing&level=error"),
                d -> d.contains(ERROR_BODY), RENDER_DEADLINE);

        assertEquals(List.of(ERROR_BODY), DashboardDom.logBodies(dom));
    }

    @Test
    void aFilterLanguageQueryFromTheAddressReachesTheLogSearchAsTyped() {
        String dom = chromium.awaitDom(server.uri().resolve("logs?query=" + encode(QUERY)),
                d -> DashboardDom.logBodies(d).equals(List.of(ERROR_BODY)), RENDER_DEADLINE);

        assertEquals(List.of(ERROR_BODY), DashboardDom.logBodies(dom));
        assertTrue(logs.searches().stream().anyMatch(search -> QUERY.equals(search.query())),
                "no search carried the query: " + logs.searches());
    }

    @Test
    void aBadQueryShowsTheMessageAndPositionOnThePage() {
        String expected = "unknown field 'nope' at position " + BAD_POSITION;

        String dom = chromium.awaitDom(server.uri().resolve("logs?query=" + encode(BAD_QUERY)),
                d -> d.contains(expected), RENDER_DEADLINE);

        assertTrue(dom.contains(expected), "error message missing: " + dom);
        assertTrue(dom.contains("id=\"filter-query\""), "the logs page is not shown");
        assertTrue(dom.contains("id=\"logs-grid\""), "the logs page is not shown");
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void theLogsPageRefreshesItselfWhileShown() {
        // Each search answers with how many searches came before it, so a later answer proves a poll.
        AtomicInteger searches = new AtomicInteger();
        LogQuery counting = new LogQuery() {
            @Override
            public List<LogRecord> search(LogSearch search) {
                return List.of(TestLogs.log(Instant.now(), "poller", "poll", Level.INFO,
                        "search number " + searches.incrementAndGet(), null));
            }

            @Override
            public List<LevelCount> levelCounts(LogSearch search, Duration step) {
                return List.of();
            }

            @Override
            public List<String> entityNames() {
                return List.of("poller");
            }

            @Override
            public LogContext context(LogRecord record, int each) {
                return new LogContext(List.of(), record, List.of());
            }

            @Override
            public List<String> attributeKeys(Instant from, Instant to, int limit) {
                return List.of();
            }
        };
        DashboardServer polled = new DashboardServer("127.0.0.1", 0, Duration.ofSeconds(1), MapServiceLookup.of(counting));
        polled.start();
        try {
            // One page load: the grid showing a second answer means the page searched again by itself.
            String dom = chromium.awaitDom(polled.uri().resolve("logs"), d -> shownSearches(d).size() >= 2,
                    RENDER_DEADLINE);

            assertTrue(shownSearches(dom).size() >= 2, "the grid shows only its first search: " + shownSearches(dom));
        } finally {
            polled.stop();
        }
    }

    /** The distinct search numbers among the bodies shown. */
    private static List<Integer> shownSearches(String dom) {
        return DashboardDom.logBodies(dom).stream().map(body -> Integer.parseInt(body.substring("search number ".length())))
                .distinct().toList();
    }

    @Test
    void overviewShowsEveryHealthContributorAndTheNewestLogs() throws IOException {
        URI page = server.uri();
        String dom = chromium.awaitDom(page, d -> d.contains("test-store") && d.contains(DISTINCTIVE),
                RENDER_DEADLINE);

        assertTrue(dom.contains("test-store"), dom);
        assertTrue(dom.contains("test-ingest"), dom);
        assertTrue(dom.contains("WAL replay behind"), "health message missing");
        assertTrue(dom.contains("backlog_records=1234"), "health details missing");
        assertTrue(dom.contains("Overall: degraded"), "overall status missing");
        // Without a SQL service (storage) the page says why it has no charts instead of failing.
        assertTrue(dom.contains("No SQL service"), "missing-SQL notice missing");
        assertTrue(dom.contains(DISTINCTIVE), "newest log missing");
        assertTrue(dom.contains(">Logs<") && dom.contains(">Overview<"), "side navigation missing");

        Path png = chromium.screenshot(page, Path.of("target", "overview-page.png"), 1400, 900, Duration.ofSeconds(10));
        assertTrue(Files.size(png) > 30_000, "screenshot is only " + Files.size(png) + " bytes: is the page blank?");
    }
}
