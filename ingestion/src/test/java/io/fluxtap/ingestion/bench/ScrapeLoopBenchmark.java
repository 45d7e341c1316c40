package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.ingestion.scrape.loop.PageServer;
import io.fluxtap.ingestion.scrape.loop.ScrapeClient;
import io.fluxtap.ingestion.scrape.loop.ScrapeLoop;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scrapes per second of one node-exporter-sized page (1,000 series, with a metric relabelling that keeps every
 * series and adds a label) over loopback HTTP: a loop's steady scrape, whose series are all in its scrape cache,
 * beside a first scrape by a fresh loop, which relabels every series as every scrape did before the cache.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScrapeLoopBenchmark {

    private static final int SERIES = 1000;

    private PageServer server;
    private Target target;
    private ScrapeClient client;
    private final RelabelStep relabel = labels -> labels.with("region", "eu-west");
    private final ScrapeLoop.Settings settings = new ScrapeLoop.Settings(false, true, 0, 0, 0);
    private long tick;
    private final InstantSource clock = () -> Instant.ofEpochSecond(1_800_000_000L + 15 * tick);
    private ScrapeLoop steady;
    private Blackhole sink;

    @Setup(Level.Trial)
    public void start(Blackhole blackhole) throws IOException {
        sink = blackhole;
        server = new PageServer();
        server.text(page());
        Labels labels = Labels.of("instance", server.address(), "job", "node");
        target = new Target("node", labels, labels, server.url("/metrics"), Duration.ofSeconds(15),
                Duration.ofSeconds(10));
        client = new ScrapeClient(HttpClientSettings.NONE);
        steady = newLoop();
        steady.scrape();
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.close();
    }

    private ScrapeLoop newLoop() {
        return new ScrapeLoop(target, settings, client, relabel, this::consume, clock);
    }

    private void consume(List<MetricSample> samples) {
        sink.consume(samples);
    }

    /** The series a node exporter shows on a small box: CPU modes, disks, interfaces, file systems, a histogram. */
    private static String page() {
        StringBuilder page = new StringBuilder();
        page.append("# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds_total counter\n");
        int n = 0;
        for (int cpu = 0; n < SERIES / 2; cpu++) {
            for (String mode : List.of("idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user")) {
                page.append("node_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"").append(mode).append("\"} ")
                        .append(12345.67 + n).append('\n');
                n++;
            }
        }
        page.append("# HELP node_network_receive_bytes_total Network device statistic receive_bytes.\n"
                + "# TYPE node_network_receive_bytes_total counter\n");
        for (int i = 0; n < SERIES; i++, n++) {
            page.append("node_network_receive_bytes_total{device=\"veth").append(Integer.toHexString(0x1000 + i))
                    .append("\"} ").append(9.87654321e9 + i).append('\n');
        }
        return page.toString();
    }

    @Benchmark
    public void steadyScrape() {
        tick++;
        steady.scrape();
    }

    @Benchmark
    public void firstScrapeOfAFreshLoop() {
        tick++;
        newLoop().scrape();
    }
}
