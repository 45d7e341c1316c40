package io.fluxtap.ingestion.policy.sampling;

import io.fluxtap.api.Reloadable;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.policy.IngestPolicy;
import io.fluxtap.ingestion.policy.PolicyOutlet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The sampling stage ({@link IngestPolicy#ORDER_SAMPLING}, last): hands the tail sampler every request's spans and
 * lets through what it answers; a ticker (every second, as the Collector's) decides complete traces and publishes the
 * kept ones through the router's {@link PolicyOutlet}. Logs, metrics and messages pass untouched: a log with a trace
 * id is never dropped by sampling. With no policies configured the stage is off and costs nothing: spans pass as
 * they came, nothing is buffered, no thread runs.
 * <p>
 * Buffered spans live only in memory (spans are P2 telemetry): a crash loses the undecided ones; a clean stop
 * decides them all and publishes the kept ones before the lanes drain.
 * <p>
 * {@link #reload()} ({@code SIGHUP}, {@code POST /-/reload}) reads the file again: a bad file keeps the running
 * policies; a good one replaces them, and the traces buffered under the old policies are decided by those at once
 * (their late spans, if any, start new traces under the new policies; the decision caches start empty).
 */
@ApplicationScoped
public class TailSamplingStage implements IngestPolicy, Reloadable {

    public static final String CONFIG_FILE = "fluxtap.sampling.config-file";
    public static final String DEFAULT_CONFIG_FILE = "conf/sampling.yml";

    private static final Logger LOG = System.getLogger(TailSamplingStage.class.getName());

    private final Supplier<SamplingConfig> configFile;
    private final Clock clock;
    private final SamplingMetrics metrics;
    private final Duration tick;
    /** The running sampler; null when sampling is off. */
    private volatile TailSampler sampler;
    private volatile PolicyOutlet outlet;
    private ScheduledExecutorService ticker;

    @Inject
    public TailSamplingStage(@ConfigProperty(name = CONFIG_FILE) Optional<String> configFile,
                             @ConfigProperty(name = "fluxtap.home") Optional<String> home,
                             @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this(() -> load(configFile, home.orElse(System.getProperty("fluxtap.home"))), Clock.systemUTC(),
                new SamplingMetrics(registry), Duration.ofSeconds(1));
    }

    /** @param tick how often complete traces are decided; zero for none (a test calls {@link #tick()} itself) */
    public TailSamplingStage(SamplingConfig config, Clock clock, SamplingMetrics metrics, Duration tick) {
        this(() -> config, clock, metrics, tick);
    }

    /**
     * @param configFile reads the configuration, at construction and at every reload
     * @throws InvalidSamplingConfigException from the first read, so start-up stops on a bad file
     */
    public TailSamplingStage(Supplier<SamplingConfig> configFile, Clock clock, SamplingMetrics metrics,
                             Duration tick) {
        this.configFile = configFile;
        this.clock = clock;
        this.metrics = metrics;
        this.tick = tick;
        this.sampler = samplerFor(configFile.get());
    }

    private TailSampler samplerFor(SamplingConfig config) {
        if (!config.enabled()) {
            LOG.log(Level.INFO, "tail sampling off: every span is kept");
            return null;
        }
        LOG.log(Level.INFO, "tail sampling on: policies {0}; decision_wait {1}, root_span_grace {2}, "
                        + "num_traces {3}, max_buffered_spans {4}, max_buffered_bytes {5}",
                config.policies().stream().map(p -> p.name() + " (" + p.type() + ")")
                        .collect(Collectors.joining(", ")),
                config.decisionWait(), config.rootSpanGrace(), config.numTraces(), config.maxBufferedSpans(),
                config.maxBufferedBytes());
        return new TailSampler(config, clock, metrics);
    }

    @Override
    public String name() {
        return "sampling";
    }

    @Override
    public synchronized List<String> reload() {
        SamplingConfig config;
        try {
            config = configFile.get();
        } catch (InvalidSamplingConfigException e) {
            LOG.log(Level.WARNING, "tail sampling configuration not reloaded, the running policies stay: {0}",
                    e.getMessage());
            return List.of(e.getMessage());
        }
        TailSampler old = sampler;
        sampler = samplerFor(config);
        PolicyOutlet out = outlet;
        if (old != null) {
            List<SpanRecord> kept = old.close();
            if (out != null) {
                publish(out, kept);
            }
        }
        if (out != null) {
            if (sampler != null) {
                startTicker();
            } else {
                stopTicker();
            }
        }
        return List.of();
    }

    /**
     * The file named by {@code fluxtap.sampling.config-file}, resolved as the other configuration files are (an
     * absolute path as given, a relative one against {@code fluxtap.home} when set, else the working directory).
     * The default file may be missing (sampling off); a file named explicitly must exist.
     *
     * @throws InvalidSamplingConfigException naming the file and the field, so start-up stops
     */
    static SamplingConfig load(Optional<String> configured, String home) {
        Path file = resolve(configured.orElse(DEFAULT_CONFIG_FILE), home);
        if (configured.isPresent() && !file.toFile().exists()) {
            throw new InvalidSamplingConfigException(CONFIG_FILE + ": no such file " + file);
        }
        return SamplingConfigReader.read(file);
    }

    static Path resolve(String configured, String home) {
        Path path = Path.of(configured.strip());
        if (!path.isAbsolute() && home != null && !home.isBlank()) {
            path = Path.of(home).resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    @Override
    public int order() {
        return ORDER_SAMPLING;
    }

    public boolean enabled() {
        return sampler != null;
    }

    @Override
    public List<SpanRecord> onSpans(List<SpanRecord> spans) {
        TailSampler s = sampler;
        return s == null ? spans : s.offer(spans);
    }

    @Override
    public synchronized void start(PolicyOutlet outlet) {
        if (this.outlet != null) {
            return;
        }
        this.outlet = outlet;
        metrics.track(() -> {
            TailSampler s = sampler;
            return s == null ? 0L : s.bufferedTraces();
        }, () -> {
            TailSampler s = sampler;
            return s == null ? 0L : s.bufferedSpans();
        }, () -> {
            TailSampler s = sampler;
            return s == null ? 0L : s.bufferedBytes();
        });
        if (sampler != null) {
            startTicker();
        }
    }

    private void startTicker() {
        if (ticker != null || tick.isZero()) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fluxtap-tail-sampling");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopTicker() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
    }

    /** Decides the complete traces and publishes the kept ones. */
    public void tick() {
        PolicyOutlet out = outlet;
        TailSampler s = sampler;
        if (out != null && s != null) {
            publish(out, s.decideDue());
        }
    }

    @Override
    public synchronized void stop() {
        PolicyOutlet out = outlet;
        if (out == null) {
            return;
        }
        stopTicker();
        TailSampler s = sampler;
        if (s != null) {
            publish(out, s.decideAll());
        }
        metrics.forget();
        outlet = null;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "tail sampling tick failed; the traces stay buffered for the next one", e);
        }
    }

    private static void publish(PolicyOutlet out, List<SpanRecord> kept) {
        if (!kept.isEmpty()) {
            out.publishSpans(kept);
        }
    }
}
