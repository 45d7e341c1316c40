package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as installed, on a free HTTP port (configured 0): the shipped {@code conf/scrape.yml} names
 * {@code localhost:${fluxtap.http.port}}, which must be the port the server bound, so {@code up{job="fluxtap"}} is 1;
 * and its interval is {@code fluxtap.observability.metric-export-interval} (set by its environment variable here).
 */
class ShippedSelfScrapeIT {

    /** The interval set below is 2 s; the first scrape comes at the target's offset inside it. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path workDir;

    @Test
    void theShippedSelfScrapeFollowsTheBoundPort() throws Exception {
        try (FluxtapProcess fluxtap = FluxtapProcess.start(workDir,
                Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                        "FLUXTAP_OBSERVABILITY_METRIC_EXPORT_INTERVAL", "2s"))) {
            int port = fluxtap.api("/").getPort();
            JsonNode target = TestHttp.await(WAIT, () -> {
                JsonNode targets = json(get(fluxtap.api("/prometheus/api/v1/targets"))).path("data").path("activeTargets");
                return targets.size() == 1 ? targets.get(0) : null;
            }, t -> t != null && "up".equals(t.path("health").asText()));
            assertEquals("http://localhost:" + port + "/metrics", target.path("scrapeUrl").asText(), target::toString);
            assertEquals("localhost:" + port, target.path("labels").path("instance").asText(), target::toString);
            assertEquals("2s", target.path("scrapeInterval").asText(), target::toString);
            JsonNode up = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(fluxtap.api("/prometheus/api/v1/query?query=" + q("up{job=\"fluxtap\"}"))))
                            .path("data").path("result"),
                    result -> result.size() == 1);
            assertEquals("1", up.get(0).path("value").get(1).asText(), up::toString);
            assertEquals(143, fluxtap.terminate(), fluxtap.output());
        }
    }
}
