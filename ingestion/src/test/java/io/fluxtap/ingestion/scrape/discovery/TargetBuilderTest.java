package io.fluxtap.ingestion.scrape.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigParser;
import io.fluxtap.ingestion.scrape.config.ScrapeJob;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {

    private static ScrapeJob job(String yaml) throws Exception {
        return new ScrapeConfigParser().parse(yaml).jobs().getFirst();
    }

    @Test
    void buildsLabelsAndUrlAsPrometheus() throws Exception {
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: node
                    scrape_interval: 90s
                    params: {module: [if_mib], target: [a b]}
                    static_configs:
                      - targets: ["host-a:9100", "host-b"]
                        labels: {env: prod, __meta_zone: z1}
                """);
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), RelabelStep.NONE);
        assertEquals(List.of(), result.errors());
        Target a = result.active().get(0);
        assertEquals(Labels.of("env", "prod", "instance", "host-a:9100", "job", "node"), a.labels());
        assertEquals(Labels.of("__address__", "host-a:9100", "__meta_zone", "z1", "__metrics_path__", "/metrics",
                "__param_module", "if_mib", "__param_target", "a b", "__scheme__", "http",
                "__scrape_interval__", "1m30s", "__scrape_timeout__", "10s", "env", "prod", "job", "node"),
                a.discoveredLabels());
        assertEquals("http://host-a:9100/metrics?module=if_mib&target=a+b", a.url().toString());
        assertEquals(Duration.ofSeconds(90), a.interval());
        // No port: Prometheus 2.42 adds the scheme's.
        assertEquals("host-b:80", result.active().get(1).labels().get("instance"));
    }

    @Test
    void relabellingDecidesAddressInstanceParamsAndDrops() throws Exception {
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: blackbox
                    scheme: https
                    metrics_path: /probe
                    static_configs:
                      - targets: ["example.org", "drop.me"]
                """);
        RelabelStep probe = labels -> {
            if (labels.get("__address__").equals("drop.me")) {
                return null;
            }
            return labels.with("__param_target", labels.get("__address__"))
                    .with("instance", labels.get("__address__"))
                    .with("__address__", "exporter:9115")
                    .with("__scrape_interval__", "30s");
        };
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), probe);
        Target t = result.active().getFirst();
        assertEquals("https://exporter:9115/probe?target=example.org", t.url().toString());
        assertEquals(Labels.of("instance", "example.org", "job", "blackbox"), t.labels());
        assertEquals(Duration.ofSeconds(30), t.interval());
        assertEquals(1, result.dropped().size());
        assertEquals("drop.me", result.dropped().getFirst().get("__address__"));
    }

    @Test
    void refusesTargetsRelabellingBroke() throws Exception {
        ScrapeJob job = job("scrape_configs: [{job_name: a, static_configs: [{targets: ['x:1', 'y:1']}]}]");
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(),
                labels -> labels.get("__address__").equals("x:1")
                        ? labels.without("__address__")
                        : labels.with("__scrape_timeout__", "2m"));
        assertEquals(List.of("no address",
                "scrape timeout cannot be greater than scrape interval (\"2m\" > \"1m\")"), result.errors());
        assertTrue(result.active().isEmpty());
    }

    @Test
    void offsetsArePinnedToAbsoluteTimeAndSpreadTargets() throws Exception {
        ScrapeJob job = job("scrape_configs: [{job_name: a, scrape_interval: 10s, static_configs: [{targets: "
                + "['h1:1', 'h2:1', 'h3:1', 'h4:1', 'h5:1', 'h6:1', 'h7:1', 'h8:1']}]}]");
        List<Target> targets = TargetBuilder.build(job, job.staticConfigs(), RelabelStep.NONE).active();
        long interval = Duration.ofSeconds(10).toNanos();
        long now = 1_700_000_000_123_456_789L;
        Set<Long> phases = new HashSet<>();
        for (Target t : targets) {
            Duration first = t.offset(now, 0);
            assertTrue(first.toNanos() >= 0 && first.toNanos() <= interval, first::toString);
            // The same phase whenever it is asked: a restart three and a half intervals later lands on it too.
            long phase = Math.floorMod(now + first.toNanos(), interval);
            assertEquals(phase, Math.floorMod(now + 35 * interval / 10 + t.offset(now + 35 * interval / 10, 0)
                    .toNanos(), interval));
            phases.add(phase / (interval / 100));
            assertNotEquals(t.offset(now, 0), t.offset(now, 12345));
        }
        assertTrue(phases.size() >= 6, () -> "targets bunched: " + phases);
    }

    @Test
    void writesDurationsAsPrometheus() {
        assertEquals("1m30s", TargetBuilder.promDuration(Duration.ofSeconds(90)));
        assertEquals("15s", TargetBuilder.promDuration(Duration.ofSeconds(15)));
        assertEquals("1d", TargetBuilder.promDuration(Duration.ofHours(24)));
        assertEquals("1s500ms", TargetBuilder.promDuration(Duration.ofMillis(1500)));
    }
}
