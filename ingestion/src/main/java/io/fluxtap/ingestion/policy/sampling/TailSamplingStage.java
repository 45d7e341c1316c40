package io.fluxtap.ingestion.policy.sampling;

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
 */
@ApplicationScoped
public class TailSamplingStage implements IngestPolicy {

    public static final String CONFIG_FILE = "fluxtap.sampling.config-file";
    public static final String DEFAULT_CONFIG_FILE = "conf/sampling.yml";

    private static final Logger LOG = System.getLogger(TailSamplingStage.class.getName());

    private final Optional<TailSampler> sampler;
    private final SamplingMetrics metrics;
    private final Duration tick;
    private volatile PolicyOutlet outlet;
    private ScheduledExecutorService ticker;

    @Inject
    public TailSamplingStage(@ConfigProperty(name = CONFIG_FILE) Optional<String> configFile,
                             @ConfigProperty(name = "fluxtap.home") Optional<String> home,
                             @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this(load(configFile, home.orElse(System.getProperty("fluxtap.home"))), Clock.systemUTC(),
                new SamplingMetrics(registry), Duration.ofSeconds(1));
    }

    /** @param tick how often complete traces are decided; zero for none (a test calls {@link #tick()} itself) */
    public TailSamplingStage(SamplingConfig config, Clock clock, SamplingMetrics metrics, Duration tick) {
        this.metrics = metrics;
        this.tick = tick;
        this.sampler = config.enabled() ? Optional.of(new TailSampler(config, clock, metrics)) : Optional.empty();
        if (config.enabled()) {
            LOG.log(Level.INFO, "tail sampling on: policies {0}; decision_wait {1}, root_span_grace {2}, "
                            + "num_traces {3}, max_buffered_spans {4}",
                    config.policies().stream().map(p -> p.name() + " (" + p.type() + ")")
                            .collect(Collectors.joining(", ")),
                    config.decisionWait(), config.rootSpanGrace(), config.numTraces(), config.maxBufferedSpans());
        }
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
        return sampler.isPresent();
    }

    @Override
    public List<SpanRecord> onSpans(List<SpanRecord> spans) {
        return sampler.map(s -> s.offer(spans)).orElse(spans);
    }

    @Override
    public synchronized void start(PolicyOutlet outlet) {
        if (sampler.isEmpty() || this.outlet != null) {
            return;
        }
        this.outlet = outlet;
        TailSampler s = sampler.get();
        metrics.track(s::bufferedTraces, s::bufferedSpans);
        if (!tick.isZero()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "fluxtap-tail-sampling");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleWithFixedDelay(this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Decides the complete traces and publishes the kept ones. */
    public void tick() {
        PolicyOutlet out = outlet;
        if (out != null) {
            sampler.ifPresent(s -> publish(out, s.decideDue()));
        }
    }

    @Override
    public synchronized void stop() {
        PolicyOutlet out = outlet;
        if (out == null) {
            return;
        }
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
        }
        sampler.ifPresent(s -> publish(out, s.decideAll()));
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
