package io.fluxtap.ui.alerts;

import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.alerts.NotificationEntry;
import io.fluxtap.api.alerts.RuleEntry;
import io.fluxtap.api.alerts.RuleGroupEntry;
import io.fluxtap.api.alerts.SilenceEntry;
import io.fluxtap.api.alerts.SilenceMatcher;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.InMemoryAlertControl;
import io.fluxtap.ui.testing.BrowserSession;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Alerts page in a real browser: an alert shown, silenced from the page, listed, expired; rules, notifications. */
class AlertsBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Map<String, String> LABELS = Map.of("alertname", "HighLatency", "job", "api",
            "severity", "page");

    /** Without auto-refresh: a poll rebuilding the grids' buttons would race the test's clicks. */
    private static final String PAGE = "alerts?refresh=off";

    private static InMemoryAlertControl control;
    private static DashboardServer server;
    private static BrowserSession browser;

    @BeforeAll
    static void start() {
        control = new InMemoryAlertControl();
        Instant now = Instant.now();
        control.fire(new AlertEntry("0123456789abcdef", LABELS, Map.of("summary", "p99 over 1s"), "firing",
                now.minus(Duration.ofMinutes(7)), 1.7, List.of(), List.of()));
        control.load(new RuleGroupEntry("conf/rules/api.yml", "api-slo", Duration.ofSeconds(30),
                now.minusSeconds(12), Duration.ofMillis(3), List.of(
                new RuleEntry("HighLatency", "alerting", "histogram_quantile(0.99, rate(x[5m])) > 1", "firing", "ok",
                        now.minusSeconds(12), Duration.ofMillis(2), "", 1),
                new RuleEntry("BrokenRule", "alerting", "sum(nope", "inactive", "err", now.minusSeconds(12),
                        Duration.ofMillis(1), "parse error: unclosed left parenthesis", 0))));
        control.notified(new NotificationEntry(now.minusSeconds(90), "team-api", "webhook", "failed", 503,
                Duration.ofMillis(41), "webhook answered 503", 1, 1));
        control.notified(new NotificationEntry(now.minusSeconds(60), "team-api", "webhook", "success", 200,
                Duration.ofMillis(12), null, 2, 1));
        server = new DashboardServer("127.0.0.1", 0, MapServiceLookup.of(control, new InMemoryLogQuery(List.of())));
        server.start();
        browser = HeadlessChromium.locate().open(1400, 900);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.stop();
    }

    @Test
    void anAlertIsSilencedFromThePageListedAndExpired() {
        browser.navigate(server.uri().resolve(PAGE));
        browser.await("document.querySelector('#alerts-grid').innerText.includes('HighLatency')", DEADLINE);
        browser.await("document.querySelector('.label-chip') && document.body.innerText.includes('job=api')", DEADLINE);
        String text = browser.text();
        assertTrue(text.contains("summary: p99 over 1s") && text.contains("firing"), text);
        assertTrue(text.contains("Alerts") && text.contains("Levels"), "navigation entry: " + text);
        browser.screenshot(Path.of("target", "screenshots", "alerts-light.png"));

        // As a person would: Silence on the alert's row, a comment typed, the button clicked.
        browser.click(".silence-alert");
        browser.await("document.querySelector('#silence-matchers').value.includes('alertname=\"HighLatency\"')",
                DEADLINE);
        String matchers = browser.eval("document.querySelector('#silence-matchers').value").asString();
        assertEquals("alertname=\"HighLatency\"\njob=\"api\"\nseverity=\"page\"", matchers);
        browser.typeAndEnter("#silence-comment", "deploying api");
        browser.click("#silence-create");
        browser.await("document.querySelector('#silence-message').innerText.includes('silence created')", DEADLINE);

        List<SilenceEntry> silences = control.silences();
        assertEquals(1, silences.size(), silences.toString());
        SilenceEntry silence = silences.getFirst();
        assertEquals("deploying api", silence.comment());
        assertEquals("active", silence.state());
        assertEquals(SilenceMatcher.equalTo(LABELS), silence.matchers());
        assertTrue(Duration.between(silence.startsAt(), silence.endsAt()).equals(Duration.ofHours(2)), silence.toString());
        assertEquals(List.of(silence.id()), control.alerts().getFirst().silencedBy());

        browser.await("document.querySelector('#silences-grid').innerText.includes('deploying api')", DEADLINE);
        browser.await("document.querySelector('#silences-grid').innerText.includes('active')", DEADLINE);

        selectTab("Alerts");
        browser.await("document.querySelector('#alerts-grid').innerText.includes('silenced by " + silence.id() + "')",
                DEADLINE);
        browser.screenshot(Path.of("target", "screenshots", "alerts-silenced-light.png"));

        selectTab("Silences");
        browser.await("!!document.querySelector(\".silence-expire[data-silence='" + silence.id() + "']\")", DEADLINE);
        browser.click(".silence-expire[data-silence='" + silence.id() + "']");
        browser.await("document.querySelector('#silence-message').innerText.includes('silence expired')", DEADLINE);
        assertEquals("expired", control.silences().getFirst().state());
        assertTrue(control.alerts().getFirst().silencedBy().isEmpty());
        browser.await("document.querySelector('#silences-grid').innerText.includes('expired')", DEADLINE);
        selectTab("Alerts");
        browser.await("document.querySelector('#alerts-grid').innerText.includes('HighLatency')"
                + " && !document.querySelector('#alerts-grid').innerText.includes('silenced by')", DEADLINE);
    }

    @Test
    void aBadMatcherIsShownInThePageAndNothingIsCreated() {
        browser.navigate(server.uri().resolve(PAGE));
        browser.await("!!document.querySelector('#alerts-tabs')", DEADLINE);
        selectTab("Silences");
        browser.await("!!document.querySelector('#silence-matchers')", DEADLINE);
        int before = control.silences().size();
        browser.eval("(() => { const e = document.querySelector('#silence-matchers'); e.value = 'not a matcher';"
                + " e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()");
        browser.click("#silence-create");
        browser.await("document.querySelector('#silence-message').innerText.includes('line 1 is not name=')", DEADLINE);
        assertEquals(before, control.silences().size());
    }

    @Test
    void rulesShowStateEvaluationAndLastErrorAndNotificationsTheirDelivery() throws Exception {
        browser.navigate(server.uri().resolve(PAGE));
        browser.await("!!document.querySelector('#alerts-tabs')", DEADLINE);
        selectTab("Rules");
        browser.await("document.querySelector('#rules-list').innerText.includes('parse error: unclosed left parenthesis')",
                DEADLINE);
        String rules = browser.eval("document.querySelector('#rules-list').innerText").asString();
        assertTrue(rules.contains("api-slo") && rules.contains("conf/rules/api.yml") && rules.contains("every 30s"),
                rules);
        assertTrue(rules.contains("firing (1)") && rules.contains("err") && rules.contains("2.0 ms"), rules);

        selectTab("Notifications");
        browser.await("document.querySelector('#notifications-grid').innerText.includes('webhook answered 503')",
                DEADLINE);
        String history = browser.eval("document.querySelector('#notifications-grid').innerText").asString();
        assertTrue(history.contains("team-api") && history.contains("503") && history.contains("41 ms")
                && history.contains("success"), history);

        browser.eval("localStorage.clear()");
        browser.preferColorScheme("dark");
        browser.navigate(server.uri().resolve(PAGE));
        browser.await("document.documentElement.getAttribute('theme') === 'dark'", DEADLINE);
        browser.await("document.querySelector('#alerts-grid').innerText.includes('HighLatency')", DEADLINE);
        Path dark = browser.screenshot(Path.of("target", "screenshots", "alerts-dark.png"));
        browser.preferColorScheme("light");
        assertTrue(Files.size(dark) > 20_000, "the screenshot looks blank");
        assertTrue(browser.exceptions().isEmpty(), browser.exceptions().toString());
    }

    private static void selectTab(String label) {
        browser.eval("(() => { const t = [...document.querySelectorAll('#alerts-tabs vaadin-tab')]"
                + ".find(t => t.textContent.trim() === '" + label + "'); t.click(); return true; })()");
        browser.await("[...document.querySelectorAll('#alerts-tabs vaadin-tab')].find(t => t.textContent.trim() === '"
                + label + "').hasAttribute('selected')", DEADLINE);
        // Changing tabs refreshes the grids on the server: wait for that round trip, so no click hits a stale button.
        browser.await("!Object.values(window.Vaadin.Flow.clients).some(c => c.isActive && c.isActive())", DEADLINE);
    }
}
