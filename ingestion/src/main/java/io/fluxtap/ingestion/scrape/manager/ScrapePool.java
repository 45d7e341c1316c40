package io.fluxtap.ingestion.scrape.manager;

import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.FileSdConfig;
import io.fluxtap.ingestion.scrape.config.ScrapeJob;
import io.fluxtap.ingestion.scrape.config.TargetGroup;
import io.fluxtap.ingestion.scrape.discovery.FileDiscovery;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.ingestion.scrape.discovery.TargetBuilder;
import io.fluxtap.ingestion.scrape.loop.SampleSink;
import io.fluxtap.ingestion.scrape.loop.ScrapeClient;
import io.fluxtap.ingestion.scrape.loop.ScrapeLoop;
import io.fluxtap.ingestion.scrape.loop.ScrapeScheduler;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** One job's targets and their loops. */
public final class ScrapePool {

    private static final Logger LOG = Logger.getLogger(ScrapePool.class.getName());

    /** Everything a pool needs besides its job; one per configuration load. */
    record Context(SampleSink sink, ScrapeScheduler scheduler, InstantSource clock, long jitterSeed, Path baseDir) {
    }

    private final ScrapeJob job;
    private final RelabelStep relabel;
    private final RelabelStep metricRelabel;
    private final ScrapeClient client;
    private final Context context;
    private final List<FileDiscovery> fileDiscoveries = new ArrayList<>();
    private final Map<Long, ScrapeLoop> loops = new LinkedHashMap<>();
    private List<Labels> dropped = List.of();
    private List<String> targetErrors = List.of();
    private boolean stopped;

    ScrapePool(ScrapeJob job, RelabelStep relabel, RelabelStep metricRelabel, ScrapeClient client, Context context) {
        this.job = job;
        this.relabel = relabel;
        this.metricRelabel = metricRelabel;
        this.client = client;
        this.context = context;
        for (FileSdConfig fileSd : job.fileSdConfigs()) {
            fileDiscoveries.add(new FileDiscovery(fileSd, context.baseDir()));
        }
    }

    public ScrapeJob job() {
        return job;
    }

    /** Reads file_sd files and starts the loops. */
    synchronized void start() {
        fileDiscoveries.forEach(FileDiscovery::refresh);
        sync();
    }

    /** Looks at the file_sd files again; targets that appeared start, targets that went stop. */
    synchronized void refreshDiscovery() {
        boolean changed = false;
        for (FileDiscovery discovery : fileDiscoveries) {
            changed |= discovery.refresh();
        }
        if (changed) {
            sync();
        }
    }

    private void sync() {
        if (stopped) {
            return;
        }
        List<TargetGroup> groups = new ArrayList<>(job.staticConfigs());
        fileDiscoveries.forEach(discovery -> groups.addAll(discovery.groups()));
        TargetBuilder.Result result = TargetBuilder.build(job, groups, relabel);
        Map<Long, Target> wanted = new LinkedHashMap<>();
        for (Target target : result.active()) {
            wanted.putIfAbsent(target.hash(), target);
        }
        loops.entrySet().removeIf(entry -> {
            if (wanted.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().stop();
            return true;
        });
        wanted.forEach((hash, target) -> loops.computeIfAbsent(hash, h -> {
            ScrapeLoop loop = new ScrapeLoop(target, ScrapeLoop.Settings.of(job), client, metricRelabel,
                    context.sink(), context.clock());
            loop.start(context.scheduler(), context.jitterSeed());
            return loop;
        }));
        dropped = result.dropped();
        List<String> errors = new ArrayList<>(result.errors());
        fileDiscoveries.forEach(discovery -> errors.addAll(discovery.errors()));
        if (!errors.equals(targetErrors)) {
            errors.forEach(e -> LOG.warning(() -> "scrape job " + job.jobName() + ": " + e));
        }
        targetErrors = List.copyOf(errors);
    }

    /** Stops every loop, each writing its stale markers. */
    synchronized void stop() {
        stopped = true;
        loops.values().forEach(ScrapeLoop::stop);
        loops.clear();
    }

    public synchronized List<ScrapeLoop> active() {
        return List.copyOf(loops.values());
    }

    /** The discovered label sets relabelling dropped. */
    public synchronized List<Labels> dropped() {
        return dropped;
    }

    /** Targets that could not be built and file_sd files that could not be read. */
    public synchronized List<String> errors() {
        return targetErrors;
    }
}
