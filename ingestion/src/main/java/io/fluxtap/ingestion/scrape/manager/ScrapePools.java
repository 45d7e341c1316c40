package io.fluxtap.ingestion.scrape.manager;

import io.fluxtap.ingestion.scrape.config.ScrapeConfig;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import io.fluxtap.ingestion.scrape.config.ScrapeJob;
import io.fluxtap.ingestion.scrape.discovery.RelabelCompiler;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.loop.SampleSink;
import io.fluxtap.ingestion.scrape.loop.ScrapeClient;
import io.fluxtap.ingestion.scrape.loop.ScrapeScheduler;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pools of the configuration that runs. {@link #apply} builds every job's pieces first, so a configuration with
 * one bad job changes nothing; a job whose configuration is unchanged keeps its pool and loops (no gap, no stale
 * markers), a changed or removed one is stopped (stale markers for its series) and a new one started.
 */
public final class ScrapePools {

    private final RelabelCompiler relabelCompiler;
    private final SampleSink sink;
    private final ScrapeScheduler scheduler;
    private final InstantSource clock;
    private final long jitterSeed;
    private final long defaultBodyLimit;
    private Map<String, ScrapePool> pools = new LinkedHashMap<>();

    public ScrapePools(RelabelCompiler relabelCompiler, SampleSink sink, ScrapeScheduler scheduler, InstantSource clock,
                       long jitterSeed, long defaultBodyLimit) {
        this.defaultBodyLimit = defaultBodyLimit;
        this.relabelCompiler = relabelCompiler;
        this.sink = sink;
        this.scheduler = scheduler;
        this.clock = clock;
        this.jitterSeed = jitterSeed;
    }

    /**
     * @param baseDir the configuration file's directory, which file_sd names are resolved against
     * @throws ScrapeConfigException when a job's relabelling or TLS settings cannot be used; nothing changed then
     */
    public synchronized void apply(ScrapeConfig config, Path baseDir) throws ScrapeConfigException {
        ScrapePool.Context context = new ScrapePool.Context(sink, scheduler, clock, jitterSeed, baseDir);
        Map<String, ScrapePool> next = new LinkedHashMap<>();
        List<ScrapePool> fresh = new ArrayList<>();
        for (ScrapeJob job : config.jobs()) {
            ScrapePool running = pools.get(job.jobName());
            if (running != null && running.job().equals(job)) {
                next.put(job.jobName(), running);
                continue;
            }
            RelabelStep relabel = relabelCompiler.compile(job.relabelConfigs(), "relabel_configs");
            RelabelStep metricRelabel = relabelCompiler.compile(job.metricRelabelConfigs(), "metric_relabel_configs");
            ScrapeClient client;
            try {
                client = new ScrapeClient(job.http(), defaultBodyLimit);
            } catch (IllegalArgumentException e) {
                throw new ScrapeConfigException("scrape job " + job.jobName() + ": " + e.getMessage(), e);
            }
            ScrapePool pool = new ScrapePool(job, relabel, metricRelabel, client, context);
            next.put(job.jobName(), pool);
            fresh.add(pool);
        }
        for (Map.Entry<String, ScrapePool> old : pools.entrySet()) {
            if (next.get(old.getKey()) != old.getValue()) {
                old.getValue().stop();
            }
        }
        pools = next;
        fresh.forEach(ScrapePool::start);
    }

    public synchronized void refreshDiscovery() {
        pools.values().forEach(ScrapePool::refreshDiscovery);
    }

    public synchronized void stop() {
        pools.values().forEach(ScrapePool::stop);
        pools = new LinkedHashMap<>();
    }

    public synchronized List<ScrapePool> pools() {
        return List.copyOf(pools.values());
    }
}
