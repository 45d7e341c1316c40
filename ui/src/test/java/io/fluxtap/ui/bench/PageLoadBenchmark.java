package io.fluxtap.ui.bench;

import tools.jackson.databind.JsonNode;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue #15's page-load figure: the time from asking for a page until its content is on screen, in headless
 * Chromium, against a real server over a large store. Run by {@code bench/page-load.sh}, which owns the server:
 * <ul>
 *   <li>{@code generate FILE LOGS SPANS}: fills a stopped server's DuckDB file with generated records spread over
 *   the last {@link #SPREAD} (so the server's warehouse moves every closed hour to Parquet at its next start and
 *   the current hour stays hot), spans in traces of {@link #SPANS_PER_TRACE}, and one trace of
 *   {@link #BIG_TRACE_SPANS} spans, {@link #BIG_TRACE}, in a closed hour;</li>
 *   <li>{@code measure DASHBOARD_URL ROUNDS}: loads each page ROUNDS times after one warm-up load and prints the
 *   times.</li>
 * </ul>
 * A page counts as loaded when what a person came for is drawn: the Overview's ingest chart, the Logs grid's
 * first rows and its histogram, the Traces results, the big trace's waterfall with all its rows.
 */
public final class PageLoadBenchmark {

    static final Duration SPREAD = Duration.ofHours(6);
    static final int SPANS_PER_TRACE = 10;
    static final int BIG_TRACE_SPANS = 1_000;
    static final String BIG_TRACE = "feedfacefeedfacefeedfacefeedface";
    private static final Duration PAGE_DEADLINE = Duration.ofSeconds(120);

    private PageLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "generate" -> generate(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "measure" -> measure(URI.create(args[1].endsWith("/") ? args[1] : args[1] + "/"),
                    Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(
                    "usage: PageLoadBenchmark generate FILE LOGS SPANS | measure DASHBOARD_URL ROUNDS");
        }
    }

    private static void generate(String file, long logs, long spans) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long spreadMicros = SPREAD.toNanos() / 1_000;
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            String origin = "TIMESTAMPTZ '" + now.minus(SPREAD) + "'";
            // Twelve services, levels as a busy system logs them (2 % errors), bodies that differ per record.
            statement.execute("INSERT INTO active_logs BY NAME SELECT"
                    + " " + origin + " + to_microseconds(i * " + spreadMicros + " // " + logs + ") AS ts,"
                    + " " + origin + " + to_microseconds(i * " + spreadMicros + " // " + logs + ") AS observed_ts,"
                    + " CASE WHEN i % 10 = 0 THEN printf('%032x', i // 10) END AS trace_id,"
                    + " CASE WHEN i % 10 = 0 THEN printf('%016x', i) END AS span_id,"
                    + " 'svc-' || (i % 12) AS entity_name,"
                    + " CASE WHEN i % 50 = 0 THEN 'error' WHEN i % 50 < 5 THEN 'warn' WHEN i % 50 < 10 THEN 'debug'"
                    + "   ELSE 'info' END AS level,"
                    + " CASE WHEN i % 50 = 0 THEN 17 WHEN i % 50 < 5 THEN 13 WHEN i % 50 < 10 THEN 5 ELSE 9 END"
                    + "   AS severity_number,"
                    + " 'GET /api/v1/items/' || (i % 5000) || ' answered ' || CASE WHEN i % 50 = 0 THEN 500 ELSE 200 END"
                    + "   || ' in ' || (i % 977) || ' ms' AS body,"
                    + " '{\"http.route\":\"/api/v1/items/{id}\",\"http.response.status_code\":' ||"
                    + "   CASE WHEN i % 50 = 0 THEN 500 ELSE 200 END || '}' AS attributes,"
                    + " '{\"service.name\":\"svc-' || (i % 12) || '\",\"host.name\":\"node-' || (i % 7) || '\"}'"
                    + "   AS resource"
                    + " FROM range(" + logs + ") t(i)");
            long traces = Math.max(1, (spans - BIG_TRACE_SPANS) / SPANS_PER_TRACE);
            statement.execute("INSERT INTO active_spans BY NAME SELECT"
                    + " " + origin + " + to_microseconds((i // " + SPANS_PER_TRACE + ") * " + spreadMicros + " // "
                    + traces + " + i % " + SPANS_PER_TRACE + " * 1000) AS ts,"
                    + " printf('%032x', i // " + SPANS_PER_TRACE + ") AS trace_id,"
                    + " printf('%016x', i) AS span_id,"
                    + " 'svc-' || ((i // " + SPANS_PER_TRACE + " + i % " + SPANS_PER_TRACE + ") % 12) AS entity_name,"
                    + " CASE WHEN i % 97 = 5 THEN 'error' ELSE 'info' END AS level,"
                    + " " + origin + " + to_microseconds((i // " + SPANS_PER_TRACE + ") * " + spreadMicros + " // "
                    + traces + " + i % " + SPANS_PER_TRACE + " * 1000 + 500 + i % 7919) AS end_ts,"
                    + " (500 + i % 7919) * 1000 AS duration_ns,"
                    + " CASE WHEN i % " + SPANS_PER_TRACE + " > 0 THEN printf('%016x', i - i % " + SPANS_PER_TRACE
                    + ") END AS parent_span_id,"
                    + " 0 AS flags,"
                    + " CASE WHEN i % " + SPANS_PER_TRACE + " = 0 THEN 'GET /api/v1/items/{id}'"
                    + "   ELSE 'SELECT items ' || (i % " + SPANS_PER_TRACE + ") END AS name,"
                    + " CASE WHEN i % " + SPANS_PER_TRACE + " = 0 THEN 'server' ELSE 'client' END AS kind,"
                    + " CASE WHEN i % 97 = 5 THEN 'error' ELSE 'ok' END AS status_code,"
                    + " '{\"http.route\":\"/api/v1/items/{id}\"}' AS attributes,"
                    + " '{\"service.name\":\"svc-' || ((i // " + SPANS_PER_TRACE + " + i % " + SPANS_PER_TRACE
                    + ") % 12) || '\"}' AS resource,"
                    + " '[]' AS events, '[]' AS links,"
                    + " 0 AS dropped_attributes_count, 0 AS dropped_events_count, 0 AS dropped_links_count"
                    + " FROM range(" + traces * SPANS_PER_TRACE + ") t(i)");
            // The big trace: a root and a chain under it, two hours back (a closed hour: read from Parquet).
            String bigStart = "TIMESTAMPTZ '" + now.minus(Duration.ofHours(2)) + "'";
            statement.execute("INSERT INTO active_spans BY NAME SELECT"
                    + " " + bigStart + " + to_milliseconds(i) AS ts, '" + BIG_TRACE + "' AS trace_id,"
                    + " printf('b%015x', i) AS span_id, 'svc-' || (i % 12) AS entity_name,"
                    + " CASE WHEN i = 777 THEN 'error' ELSE 'info' END AS level,"
                    + " " + bigStart + " + to_milliseconds(" + BIG_TRACE_SPANS + " + 1) AS end_ts,"
                    + " (" + BIG_TRACE_SPANS + " + 1 - i) * 1000000 AS duration_ns,"
                    + " CASE WHEN i > 0 THEN printf('b%015x', i - 1) END AS parent_span_id, 0 AS flags,"
                    + " CASE WHEN i = 0 THEN 'POST /checkout' ELSE 'step ' || i END AS name,"
                    + " CASE WHEN i = 0 THEN 'server' ELSE 'internal' END AS kind,"
                    + " CASE WHEN i = 777 THEN 'error' ELSE 'ok' END AS status_code,"
                    + " '{}' AS attributes, '{\"service.name\":\"svc-' || (i % 12) || '\"}' AS resource,"
                    + " '[]' AS events, '[]' AS links,"
                    + " 0 AS dropped_attributes_count, 0 AS dropped_events_count, 0 AS dropped_links_count"
                    + " FROM range(" + BIG_TRACE_SPANS + ") t(i)");
            statement.execute("CHECKPOINT");
        }
        System.out.printf("generated %,d log records and %,d spans over the last %s in %.1f s%n", logs,
                (spans - BIG_TRACE_SPANS) / SPANS_PER_TRACE * SPANS_PER_TRACE + BIG_TRACE_SPANS, SPREAD,
                (System.nanoTime() - start) / 1e9);
    }

    private record Page(String name, String path, String loaded) {
    }

    private static void measure(URI dashboard, int rounds) {
        List<Page> pages = List.of(
                // The floor: a page that reads nothing from the store, so its time is Vaadin's bootstrap and the
                // browser's alone; the pages below differ from it by what they read and draw.
                new Page("SQL console (reads nothing)", "sql", "document.querySelector('#sql-editor') &&"
                        + " document.querySelector('#sql-run')"),
                new Page("Overview", "?range=1h", "document.querySelector('#ingest-chart[data-series]')"),
                new Page("Logs", "logs?range=6h", "document.querySelector('#logs-grid') &&"
                        + " document.querySelector('#logs-grid').size > 0 &&"
                        + " document.querySelector('#logs-grid vaadin-grid-cell-content') &&"
                        + " document.querySelector('#log-histogram[data-series]')"),
                new Page("Traces search", "traces?range=6h", "document.querySelector('#trace-results') &&"
                        + " document.querySelector('#trace-results').size > 0 &&"
                        + " document.querySelector('#trace-results a.trace-link')"),
                new Page("1,000-span trace", "traces/" + BIG_TRACE, "document.querySelector('#waterfall') &&"
                        + " document.querySelector('#waterfall').size === " + BIG_TRACE_SPANS + " &&"
                        + " document.querySelector('#waterfall .span-name')"));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        try (BrowserSession browser = HeadlessChromium.locate().open(1400, 900)) {
            for (Page page : pages) {
                List<Double> seconds = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) {
                    // An empty page between loads, so no load finds the previous one's content still up.
                    browser.navigate(URI.create("about:blank"));
                    long start = System.nanoTime();
                    browser.navigate(dashboard.resolve(page.path()));
                    browser.await(page.loaded(), PAGE_DEADLINE);
                    double wall = (System.nanoTime() - start) / 1e9;
                    // The page's own clock starts at the navigation: no DevTools round trips in it.
                    JsonNode timing = browser.eval("(() => { const n = performance.getEntriesByType('navigation')[0];"
                            + " return {content: performance.now(), response: n.responseEnd, loaded: n.loadEventEnd,"
                            + " requests: performance.getEntriesByType('resource').filter(r => r.duration > 50 || r.name.includes('v-r='))"
                            + ".map(r => r.name.replace(/^.*\\//, '').slice(0, 40) + ' ' + Math.round(r.startTime) + '+'"
                            + " + Math.round(r.duration) + 'ms').join(', ')}; })()");
                    double elapsed = timing.path("content").asDouble() / 1e3;
                    if (round > 0) {
                        seconds.add(elapsed);
                    }
                    System.out.printf("%-18s round %d: %.3f s to content (document %.3f s, load event %.3f s;"
                                    + " %.3f s as polled)%s%n", page.name(), round, elapsed,
                            timing.path("response").asDouble() / 1e3, timing.path("loaded").asDouble() / 1e3, wall,
                            round == 0 ? " (warm-up)" : "");
                    System.out.println("    server round trips, and requests over 50 ms: " + timing.path("requests").asString());
                }
                times.put(page.name(), seconds);
            }
            if (!browser.exceptions().isEmpty()) {
                throw new IllegalStateException("the pages threw: " + browser.exceptions());
            }
        }
        System.out.println();
        System.out.println("| page | median s | max s | rounds |");
        System.out.println("|---|---|---|---|");
        times.forEach((name, seconds) -> {
            List<Double> sorted = new ArrayList<>(seconds);
            Collections.sort(sorted);
            System.out.printf("| %s | %.3f | %.3f | %d |%n", name, sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1), sorted.size());
        });
    }
}
