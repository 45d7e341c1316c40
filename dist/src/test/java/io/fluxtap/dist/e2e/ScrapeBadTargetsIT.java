package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution scrapes, beside one good target, a target that never answers, one that streams about
 * 1 GiB (once under its job's {@code body_size_limit}, once under the default limit), one that sends garbage and
 * one with a million series over its {@code sample_limit} (issue #13). The server must stay up and healthy, keep
 * scraping the good target every second without a miss, and report each bad target {@code down} with its reason
 * in {@code /prometheus/api/v1/targets} and {@code up} 0.
 */
class ScrapeBadTargetsIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final long LIMITED_BYTES = 2L << 20;
    /**
     * The server's bound on a job without {@code body_size_limit}, lowered from its 256 MiB so that the JDK client
     * (tens of MB/s on a busy machine) reaches it well inside the scrape timeout.
     */
    private static final long DEFAULT_LIMIT = 4L << 20;
    /** What the sockets' buffers may hold beyond what the scraper read before it hung up. */
    private static final long BUFFER_SLACK = 16L << 20;

    /** job to what its lastError must contain. */
    private static final Map<String, String> BAD_JOBS = Map.of(
            "hang", "context deadline exceeded",
            "huge-limited", "body size limit exceeded",
            "huge-default", "body size limit exceeded",
            "garbage", "text format parsing error",
            "million", "sample limit exceeded");

    @TempDir
    Path workDir;

    @Test
    void badTargetsAreReportedDownWhileTheGoodOneKeepsItsSchedule() throws Exception {
        try (BadTargets targets = new BadTargets()) {
            Path scrapeFile = workDir.resolve("scrape.yml");
            Files.writeString(scrapeFile, scrapeConfig(targets));
            try (FluxtapProcess fluxtap = FluxtapProcess.start(workDir,
                    Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                            "FLUXTAP_SCRAPE_CONFIG_FILE", scrapeFile.toString(),
                            "FLUXTAP_SCRAPE_DEFAULT_BODY_SIZE_LIMIT", DEFAULT_LIMIT + "B"))) {
                try {
                    checkWhileBadTargetsAreScraped(fluxtap, targets);
                } catch (AssertionError | RuntimeException e) {
                    String output = fluxtap.output();
                    throw new AssertionError(e.getMessage() + "\nserver alive: " + fluxtap.process().isAlive()
                            + ", its last output:\n" + output.substring(Math.max(0, output.length() - 20_000)), e);
                }
                assertEquals(143, fluxtap.terminate(), fluxtap.output());
            }
        }
    }

    private static void checkWhileBadTargetsAreScraped(FluxtapProcess fluxtap, BadTargets targets) {
        // Every bad target has failed once with its own reason, and the good one is up.
        Map<String, JsonNode> first = TestHttp.await(WAIT, () -> targetsByJob(fluxtap),
                byJob -> byJob.size() == BAD_JOBS.size() + 1
                        && "up".equals(byJob.get("good").path("health").asText())
                        && BAD_JOBS.keySet().stream().allMatch(job -> isDownFor(byJob.get(job), job)));

        // Then a second round of every bad scrape, during which the good target must not miss a scrape.
        Instant from = Instant.now();
        Map<String, JsonNode> second = TestHttp.await(WAIT, () -> targetsByJob(fluxtap),
                byJob -> BAD_JOBS.keySet().stream().allMatch(job -> isDownFor(byJob.get(job), job)
                        && lastScrape(byJob.get(job)).isAfter(from)));
        Instant to = Instant.now();
        for (String job : BAD_JOBS.keySet()) {
            assertTrue(lastScrape(second.get(job)).isAfter(lastScrape(first.get(job))), job + ": " + second);
        }
        List<Long> goodTimes = TestHttp.await(Duration.ofSeconds(20),
                () -> sampleTimes(fluxtap, "good_scrapes_total{job=\"good\"}", to),
                times -> !times.isEmpty() && times.getLast() >= to.toEpochMilli() - 1_500);
        List<Long> window = goodTimes.stream()
                .filter(t -> t >= from.toEpochMilli() && t <= to.toEpochMilli() - 1_500).toList();
        long seconds = Duration.between(from, to).toSeconds();
        assertTrue(window.size() >= seconds - 2, () -> "good target scraped " + window.size() + " times in "
                + seconds + " s: " + goodTimes);
        for (int i = 1; i < window.size(); i++) {
            long gap = window.get(i) - window.get(i - 1);
            int at = i;
            assertTrue(gap < 1_800, () -> "good target missed a scrape (gap " + gap + " ms at " + at + "): "
                    + window);
        }

        assertEquals(1.0, instant(fluxtap, "up{job=\"good\"}"), "up of the good target");
        for (String job : BAD_JOBS.keySet()) {
            assertEquals(0.0, instant(fluxtap, "up{job=\"" + job + "\"}"), "up of " + job);
        }
        // The million-series page was read and counted whole, and refused as a whole.
        assertEquals((double) BadTargets.MILLION,
                instant(fluxtap, "scrape_samples_scraped{job=\"million\"}"));
        assertEquals(0.0, instant(fluxtap, "count(mil) or vector(0)"), "a refused page stores nothing");

        // The scraper hung up near each limit instead of reading the gigabyte.
        assertTrue(targets.hugeRequests() >= 4, "huge page requests: " + targets.hugeRequests());
        assertTrue(targets.mostHugeBytesSent() <= DEFAULT_LIMIT + BUFFER_SLACK,
                "bytes sent to one huge-page scrape: " + targets.mostHugeBytesSent());
        assertTrue(targets.mostHugeBytesSent() < BadTargets.HUGE_BYTES);

        assertEquals(200, get(fluxtap.api("/health/live")).statusCode());
        assertEquals(200, get(fluxtap.api("/health/ready")).statusCode());
        JsonNode health = json(get(fluxtap.api("/api/v1/monitoring/health")));
        assertEquals("healthy", health.path("status").asText(), health::toString);
        assertTrue(fluxtap.process().isAlive(), "server exited");
    }

    private static String scrapeConfig(BadTargets targets) {
        String http = targets.httpTarget();
        return """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: good
                    scrape_interval: 1s
                    metrics_path: /good
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: hang
                    static_configs: [{targets: ['%2$s']}]
                  - job_name: huge-limited
                    scrape_interval: 3s
                    scrape_timeout: 2500ms
                    metrics_path: /huge
                    body_size_limit: %3$dB
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: huge-default
                    scrape_interval: 4s
                    scrape_timeout: 3500ms
                    metrics_path: /huge
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: garbage
                    metrics_path: /garbage
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: million
                    scrape_interval: 10s
                    scrape_timeout: 9s
                    metrics_path: /million
                    sample_limit: 10000
                    body_size_limit: 64MB
                    static_configs: [{targets: ['%1$s']}]
                """.formatted(http, targets.hangingTarget(), LIMITED_BYTES);
    }

    private static boolean isDownFor(JsonNode target, String job) {
        return target != null && "down".equals(target.path("health").asText())
                && target.path("lastError").asText().contains(BAD_JOBS.get(job));
    }

    private static Instant lastScrape(JsonNode target) {
        return Instant.parse(target.path("lastScrape").asText());
    }

    private static Map<String, JsonNode> targetsByJob(FluxtapProcess fluxtap) {
        JsonNode answer = json(get(fluxtap.api("/prometheus/api/v1/targets")));
        Map<String, JsonNode> byJob = new TreeMap<>();
        for (JsonNode target : answer.path("data").path("activeTargets")) {
            byJob.put(target.path("labels").path("job").asText(), target);
        }
        return byJob;
    }

    /** The stored sample times (epoch ms) of one series in the minute up to {@code at}. */
    private static List<Long> sampleTimes(FluxtapProcess fluxtap, String selector, Instant at) {
        JsonNode answer = json(get(fluxtap.api("/prometheus/api/v1/query?query=" + q(selector + "[1m]")
                + "&time=" + (at.toEpochMilli() + 1_000) / 1000.0)));
        assertEquals("success", answer.path("status").asText(), answer::toString);
        List<Long> times = new ArrayList<>();
        JsonNode result = answer.path("data").path("result");
        assertTrue(result.size() <= 1, answer::toString);
        for (JsonNode point : result.path(0).path("values")) {
            times.add(Math.round(point.get(0).asDouble() * 1000));
        }
        return times;
    }

    private static double instant(FluxtapProcess fluxtap, String query) {
        JsonNode answer = json(get(fluxtap.api("/prometheus/api/v1/query?query=" + q(query))));
        JsonNode result = answer.path("data").path("result");
        assertEquals(1, result.size(), () -> query + ": " + answer);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }
}
