package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.fluxtap.ui.testing.DashboardDom;
import io.fluxtap.ui.testing.HeadlessChromium;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A log sent over OTLP shows up on the real server's dashboard, rendered by a real browser. */
class DashboardBrowserTest extends FluxtapEndToEnd {

    @Test
    void logsPageShowsALogThatWasJustSent() throws Exception {
        String line = "browser-visible log " + UUID.randomUUID();
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"browser-test"}}]},
                  "scopeLogs":[{"logRecords":[{"severityNumber":17,"body":{"stringValue":"%s"}}]}]}]}""".formatted(line);
        assertEquals(200, TestHttp.post(URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), "application/json",
                body.getBytes(StandardCharsets.UTF_8)).statusCode());

        HeadlessChromium chromium = HeadlessChromium.locate();
        URI page = fluxtap.dashboard("/logs?service=browser-test");
        String dom = chromium.awaitDom(page, d -> d.contains(line), Duration.ofSeconds(60));

        assertEquals(java.util.List.of(line), DashboardDom.logBodies(dom));
        Path png = chromium.screenshot(page, Path.of("target", "dashboard-logs.png"), 1400, 900, Duration.ofSeconds(10));
        assertTrue(Files.size(png) > 10_000, "a rendered page, not a blank one: " + Files.size(png) + " bytes");
    }
}
