package io.fluxtap.ingestion.scrape.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.MetricSample;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import io.fluxtap.ingestion.scrape.discovery.RelabelCompiler;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.loop.PageServer;
import io.fluxtap.ingestion.scrape.loop.ScrapeLoop;
import io.fluxtap.ingestion.scrape.loop.ScrapeScheduler;
import io.fluxtap.ingestion.scrape.loop.Staleness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.fluxtap.api.scrape.ScrapeTargets;
import io.fluxtap.api.scrape.TargetEntry;
import io.fluxtap.ingestion.scrape.api.ScrapeTargetsService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeManagerTest {

    /** Tests run the tasks themselves: nothing runs on its own. */
    private static final class ManualScheduler implements ScrapeScheduler {
        final List<Runnable> tasks = new CopyOnWriteArrayList<>();

        @Override
        public Scheduled scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
            tasks.add(task);
            return () -> tasks.remove(task);
        }

        void runAll() {
            List.copyOf(tasks).forEach(Runnable::run);
        }
    }

    private static final RelabelCompiler EMPTY_ONLY = (configs, section) -> {
        if (!configs.isEmpty()) {
            throw new ScrapeConfigException(section + ": not in this test");
        }
        return RelabelStep.NONE;
    };

    @TempDir
    Path dir;
    private PageServer server;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<MetricSample> samples = new CopyOnWriteArrayList<>();
    private ScrapeManager manager;
    private Path file;

    @BeforeEach
    void start() throws IOException {
        server = new PageServer();
        server.text("m 1\n");
        file = dir.resolve("scrape.yml");
        manager = new ScrapeManager(file, EMPTY_ONLY, samples::addAll, scheduler, () -> Instant.now(),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        manager.stop();
        server.close();
    }

    private void write(String yaml) throws IOException {
        Files.writeString(file, yaml);
    }

    private List<String> instances() {
        return manager.pools().stream().flatMap(p -> p.active().stream())
                .map(loop -> loop.target().job() + "/" + loop.target().labels().get("instance")).sorted().toList();
    }

    @Test
    void loadsStartsAndScrapesStaticTargets() throws IOException {
        write("""
                scrape_configs:
                  - job_name: app
                    scrape_interval: 15s
                    static_configs:
                      - targets: ["%s"]
                        labels: {team: a}
                """.formatted(server.address()));
        manager.start();
        assertEquals(List.of("app/" + server.address()), instances());
        scheduler.runAll();
        MetricSample m = samples.stream().filter(s -> s.name().equals("m")).findFirst().orElseThrow();
        assertEquals("a", m.labels().get("team"));
        assertEquals("app", m.labels().get("job"));
        assertTrue(manager.lastReloadSuccessful());
    }

    @Test
    void theDashboardSeesEachTargetsHealthLabelsAndErrorSortedByJob() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        write("""
                scrape_configs:
                  - job_name: zeta
                    scrape_interval: 15s
                    static_configs: [{targets: ["%s"], labels: {team: a}}]
                  - job_name: alpha
                    scrape_interval: 30s
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(server.address(), closed));
        manager.start();
        ScrapeTargets targets = new ScrapeTargetsService(manager);
        assertEquals(List.of("unknown", "unknown"), targets.targets().stream().map(TargetEntry::health).toList(),
                "before the first scrape");
        scheduler.runAll();

        List<TargetEntry> entries = targets.targets();
        assertEquals(List.of("alpha", "zeta"), entries.stream().map(TargetEntry::job).toList());
        TargetEntry down = entries.get(0);
        assertEquals("down", down.health());
        assertEquals("http://127.0.0.1:" + closed + "/metrics", down.url());
        assertFalse(down.lastError().isEmpty(), "a refused connection says why");
        assertEquals(Duration.ofSeconds(30), down.interval());
        TargetEntry up = entries.get(1);
        assertEquals("up", up.health());
        assertEquals("", up.lastError());
        assertEquals("a", up.labels().get("team"));
        assertEquals(server.address(), up.labels().get("instance"));
        assertTrue(up.lastScrape() != null && !up.lastScrapeDuration().isNegative(), up.toString());
    }

    @Test
    void aBadFileKeepsTheRunningConfigurationAndSaysWhy() throws IOException {
        write("""
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ["%s"]}]
                """.formatted(server.address()));
        manager.start();
        write("scrape_configs:\n  - job_name: app\n    scrape_interval: soon\n");
        List<String> errors = manager.reload();
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.getFirst().startsWith("loading " + file + " failed: "), errors.getFirst());
        assertFalse(manager.lastReloadSuccessful());
        assertEquals(List.of("app/" + server.address()), instances());

        write("""
                scrape_configs:
                  - job_name: app
                    metric_relabel_configs: [{action: drop, source_labels: [__name__], regex: m}]
                    static_configs: [{targets: ["%s"]}]
                """.formatted(server.address()));
        assertTrue(manager.reload().getFirst().contains("metric_relabel_configs"), "compile errors refuse too");
        assertEquals(List.of("app/" + server.address()), instances());
    }

    @Test
    void aReloadStopsRemovedJobsWithStaleMarkersAndKeepsUnchangedOnes() throws IOException {
        String app = """
                  - job_name: app
                    static_configs: [{targets: ["%s"]}]
                """.formatted(server.address());
        write("scrape_configs:\n" + app + """
                  - job_name: other
                    static_configs: [{targets: ["%s"]}]
                """.formatted(server.address()));
        manager.start();
        scheduler.runAll();
        ScrapeLoop appLoop = manager.pools().getFirst().active().getFirst();
        samples.clear();
        write("scrape_configs:\n" + app);
        assertEquals(List.of(), manager.reload());
        assertEquals(List.of("app/" + server.address()), instances());
        assertTrue(manager.pools().getFirst().active().getFirst() == appLoop, "unchanged job keeps its loop");
        List<MetricSample> stale = samples.stream().filter(s -> Staleness.isStale(s.value())).toList();
        assertEquals(6, stale.size(), stale::toString);
        assertTrue(stale.stream().allMatch(s -> s.labels().get("job").equals("other")));
    }

    @Test
    void fileSdChangesStartAndStopTargets() throws IOException {
        PageServer second = new PageServer();
        try {
            second.text("n 2\n");
            Path targets = dir.resolve("targets.json");
            Files.writeString(targets, "[{\"targets\": [\"%s\"]}]".formatted(server.address()));
            write("""
                    scrape_configs:
                      - job_name: files
                        file_sd_configs: [{files: ["*.json"]}]
                    """);
            manager.start();
            assertEquals(List.of("files/" + server.address()), instances());
            scheduler.runAll();
            samples.clear();

            Files.writeString(targets, "[{\"targets\": [\"%s\"]}]".formatted(second.address()));
            Files.setLastModifiedTime(targets, FileTime.from(Instant.now().plusSeconds(10)));
            scheduler.runAll();
            assertEquals(List.of("files/" + second.address()), instances());
            List<String> stale = samples.stream().filter(s -> Staleness.isStale(s.value()))
                    .map(s -> s.labels().get("instance")).distinct().toList();
            assertEquals(List.of(server.address()), stale);
        } finally {
            second.close();
        }
    }

    @Test
    void aMissingFileScrapesNothingAndIsNoError() {
        manager.start();
        assertEquals(List.of(), manager.pools());
        assertTrue(manager.lastReloadSuccessful());
        assertEquals(List.of(), new ArrayList<>(manager.reload()));
    }
}
