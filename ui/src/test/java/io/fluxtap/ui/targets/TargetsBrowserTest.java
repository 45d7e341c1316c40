package io.fluxtap.ui.targets;

import io.fluxtap.api.scrape.ScrapeTargets;
import io.fluxtap.api.scrape.TargetEntry;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.BrowserSession;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Targets page in a real browser, over a scraper port whose targets the test sets. */
class TargetsBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String CELLS = "[...document.querySelectorAll('#target-grid vaadin-grid-cell-content')]"
            + ".map(c => c.textContent).join(' | ')";
    private static final AtomicReference<List<TargetEntry>> TARGETS = new AtomicReference<>(List.of());
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        ScrapeTargets scraper = TARGETS::get;
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(new InMemoryLogQuery(List.of()), scraper));
        server.start();
        browser = HeadlessChromium.locate().open(1400, 900);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
    }

    private static TargetEntry target(String job, String instance, String health, String error) {
        return new TargetEntry(job, "http://" + instance + "/metrics", health, Map.of("job", job, "instance", instance),
                health.equals("unknown") ? null : Instant.now().minusSeconds(7), Duration.ofMillis(12), error,
                Duration.ofSeconds(15));
    }

    @Test
    void eachTargetShowsItsStateLabelsAndErrorAndEachJobHowManyAreUp() {
        TARGETS.set(List.of(target("api", "10.0.0.1:9100", "up", ""),
                target("api", "10.0.0.2:9100", "down", "Get \"http://10.0.0.2:9100/metrics\": connection refused"),
                target("fluxtap", "localhost:8080", "up", "")));
        browser.navigate(server.uri().resolve("targets?refresh=off"));

        browser.await("document.querySelector('#target-status') &&"
                + " document.querySelector('#target-status').textContent === '3 targets, 1 down'", DEADLINE);
        String cells = browser.await(CELLS + ".includes('connection refused') && " + CELLS, DEADLINE).asString();
        assertTrue(cells.contains("http://10.0.0.1:9100/metrics") && cells.contains("localhost:8080"), cells);
        assertTrue(cells.contains("{instance=\"10.0.0.2:9100\", job=\"api\"}"), "labels in Prometheus' notation: " + cells);
        assertTrue(cells.matches("(?s).*\\b([7-9]|1[0-9])s ago.*"), "last scrape age: " + cells);
        String jobs = browser.eval("document.querySelector('#target-jobs').innerText").asString();
        assertTrue(jobs.contains("api 1/2 up") && jobs.contains("fluxtap 1/1 up"), jobs);
        assertTrue(browser.text().contains("Targets"), "navigation entry");
        browser.screenshot(Path.of("target", "screenshots", "targets-light.png"));
    }

    @Test
    void aTargetThatGoesDownShowsWithoutAReload() {
        TARGETS.set(List.of(target("db", "10.0.0.9:9187", "up", "")));
        browser.navigate(server.uri().resolve("targets?refresh=5s"));
        browser.await("document.querySelector('#target-status') &&"
                + " document.querySelector('#target-status').textContent === '1 target, 0 down'", DEADLINE);

        TARGETS.set(List.of(target("db", "10.0.0.9:9187", "down", "server returned HTTP status 500")));

        browser.await("document.querySelector('#target-status').textContent === '1 target, 1 down'", DEADLINE);
        browser.await(CELLS + ".includes('server returned HTTP status 500')", DEADLINE);
        assertTrue(browser.eval("document.querySelector('#target-job-db').innerText").asString().contains("db 0/1 up"));
    }

    @Test
    void withoutTargetsThePageSaysHowToAddThem() {
        TARGETS.set(List.of());
        browser.navigate(server.uri().resolve("targets?refresh=off"));
        browser.await("document.querySelector('#target-status') &&"
                + " document.querySelector('#target-status').textContent === '0 targets, 0 down'", DEADLINE);
        assertTrue(browser.text().contains("Add jobs to the scrape configuration"), browser.text());
    }
}
