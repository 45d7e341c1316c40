package io.fluxtap.ui.services;

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
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Services pages in a real browser: RED per service, and a service's charts, operations, errors and logs. */
class ServicesBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static DuckDbSql sql;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        sql = new DuckDbSql();
        // checkout: 10 requests, 2 of them errors, latencies 10..100 ms; search: 4 requests, none failing.
        for (int i = 1; i <= 10; i++) {
            sql.span(String.format("%032x", i), String.format("%016x", i), null, "checkout",
                    i % 2 == 0 ? "POST /pay" : "GET /cart", now.minusSeconds(60L * i), Duration.ofMillis(10L * i),
                    i == 3 || i == 7 ? "error" : "ok", null);
        }
        for (int i = 1; i <= 4; i++) {
            sql.span(String.format("%032x", 100 + i), String.format("%016x", 100 + i), null, "search", "GET /q",
                    now.minusSeconds(90L * i), Duration.ofMillis(5), "ok", null);
        }
        sql.log(now.minusSeconds(100), "checkout", "error", "card declined for order 77", String.format("%032x", 3));
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
    void everyServiceHasItsRequestsErrorRateAndLatencyPercentiles() {
        browser.navigate(server.uri().resolve("services?range=1h"));

        assertEquals(2, browser.await("document.querySelector('#services-grid') && document.querySelector('#services-grid').size",
                DEADLINE).asInt());
        browser.await("document.querySelectorAll('#services-grid .sparkline polyline').length === 2", DEADLINE);
        String text = browser.text();
        assertTrue(text.contains("20.00%"), "checkout's error rate (2 of 10): " + text);
        assertTrue(text.contains("0.00%"), "search's error rate");
        // p50 of 10..100 ms by tens is 55 ms (linear interpolation, as quantile_cont does).
        assertTrue(text.contains("55.0 ms"), "checkout's p50: " + text);
        shot("services-light");
    }

    @Test
    void aServicePageChartsItsFiguresAndListsOperationsErrorsAndLogs() {
        browser.navigate(server.uri().resolve("services?range=1h"));
        browser.click("#services-grid a.service-link");

        browser.await("location.pathname === '/services/checkout' && location.search.includes('range=1h')", DEADLINE);
        assertEquals("requests", browser.await("document.querySelector('#service-rate[data-series]') &&"
                + " document.querySelector('#service-rate').getAttribute('data-series')", DEADLINE).asString());
        assertEquals("p50,p95,p99", browser.eval("document.querySelector('#service-latency').getAttribute('data-series')")
                .asString());
        assertEquals(2, browser.await("document.querySelector('#service-operations').size", DEADLINE).asInt());
        assertEquals(2, browser.await("document.querySelector('#service-errors-list').size", DEADLINE).asInt());
        browser.await("document.body.innerText.includes('card declined for order 77')", DEADLINE);
        shot("service-page-light");
    }

    private static void shot(String name) {
        browser.screenshot(Path.of("target", "screenshots", name + ".png"));
    }
}
