package io.fluxtap.ingestion.scrape.manager;

import io.fluxtap.api.Reloadable;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.scrape.config.ScrapeConfig;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigParser;
import io.fluxtap.ingestion.scrape.config.Placeholders;
import io.fluxtap.ingestion.scrape.discovery.RelabelCompiler;
import io.fluxtap.ingestion.scrape.loop.SampleSink;
import io.fluxtap.ingestion.scrape.loop.ScrapeClient;
import io.fluxtap.ingestion.scrape.loop.ScrapeScheduler;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The server's scraping: reads {@code fluxtap.scrape.config-file} (a relative name against {@code fluxtap.home}
 * when set, else the working directory, as the alerting files), runs its jobs and publishes their samples to lane
 * P2. A reload (SIGHUP, {@code POST /-/reload}) reads the file again; a bad file keeps the running configuration,
 * logs why and returns the error. A missing file scrapes nothing (a fresh install has the shipped one).
 * {@code fluxtap_scrape_config_last_reload_successful} tells whether the last load worked.
 *
 * <p>The file may name Fluxtap's configuration as {@code ${fluxtap.<key>}} ({@link Placeholders});
 * {@code ${fluxtap.http.port}} is the port the HTTP server bound, which differs from the configured one when that
 * is 0. That is why scraping starts only after Helidon has started its server.
 */
@ApplicationScoped
public class ScrapeManager implements Reloadable {

    private static final Logger LOG = Logger.getLogger(ScrapeManager.class.getName());
    static final String CONFIG_FILE = "fluxtap.scrape.config-file";
    static final String DEFAULT_BODY_LIMIT = "fluxtap.scrape.default-body-size-limit";

    private final Path file;
    private final ScrapePools pools;
    private final AutoCloseable resources;
    private final Duration discoveryCheck;
    private final ScrapeScheduler scheduler;
    private final Function<String, Optional<String>> settings;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean lastReloadSuccessful = true;
    private ScrapeScheduler.Scheduled discovery;

    /** For CDI's proxy. */
    protected ScrapeManager() {
        this.file = null;
        this.pools = null;
        this.resources = null;
        this.discoveryCheck = null;
        this.scheduler = null;
        this.settings = null;
    }

    @Inject
    public ScrapeManager(LaneRouter lanes, RelabelCompiler relabelCompiler,
                         @ConfigProperty(name = CONFIG_FILE, defaultValue = "conf/scrape.yml") String configFile,
                         @ConfigProperty(name = "fluxtap.home") Optional<String> home,
                         @ConfigProperty(name = "fluxtap.scrape.file-sd-check-seconds", defaultValue = "5")
                         int discoveryCheckSeconds,
                         @ConfigProperty(name = DEFAULT_BODY_LIMIT, defaultValue = "256MiB") String defaultBodyLimit,
                         @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry,
                         Config config, BeanManager beanManager) {
        this(resolve(configFile, home.orElse(System.getProperty("fluxtap.home"))), relabelCompiler,
                samples -> lanes.publishMetrics(samples), new RealScrapeScheduler(), InstantSource.system(),
                positive(discoveryCheckSeconds), serverSettings(config, beanManager), byteSize(defaultBodyLimit));
        registry.gauge("fluxtap_scrape_config_last_reload_successful", this, m -> m.lastReloadSuccessful ? 1 : 0);
    }

    ScrapeManager(Path file, RelabelCompiler relabelCompiler, SampleSink sink, ScrapeScheduler scheduler,
                  InstantSource clock, Duration discoveryCheck) {
        this(file, relabelCompiler, sink, scheduler, clock, discoveryCheck, key -> Optional.empty(),
                ScrapeClient.DEFAULT_BODY_LIMIT);
    }

    /** @param settings the values of {@code ${fluxtap.<key>}} placeholders */
    ScrapeManager(Path file, RelabelCompiler relabelCompiler, SampleSink sink, ScrapeScheduler scheduler,
                  InstantSource clock, Duration discoveryCheck, Function<String, Optional<String>> settings,
                  long defaultBodyLimit) {
        this.file = file;
        this.settings = settings;
        this.scheduler = scheduler;
        this.pools = new ScrapePools(relabelCompiler, sink, scheduler, clock, jitterSeed(), defaultBodyLimit);
        this.resources = scheduler instanceof AutoCloseable closeable ? closeable : () -> { };
        this.discoveryCheck = discoveryCheck;
    }

    /** After Helidon's {@code ServerCdiExtension} has bound its ports (its observer has priority PLATFORM_AFTER + 100). */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 200) @Initialized(ApplicationScoped.class)
                 Object event) {
        start();
    }

    /** Loads the file and starts its jobs, and the file_sd checks. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        List<String> errors = reload();
        if (errors.isEmpty()) {
            LOG.info(() -> "Scraping " + pools.pools().size() + " job(s) from " + file);
        }
        discovery = scheduler.scheduleAtFixedRate(pools::refreshDiscovery, discoveryCheck, discoveryCheck);
    }

    @Override
    public String name() {
        return "scrape";
    }

    @Override
    public synchronized List<String> reload() {
        ScrapeConfig config;
        try {
            config = new ScrapeConfigParser().parse(
                    Placeholders.expand(Files.readString(file, StandardCharsets.UTF_8), settings));
        } catch (NoSuchFileException e) {
            LOG.info(() -> "No scrape configuration at " + file + " (" + CONFIG_FILE + "): nothing is scraped");
            config = ScrapeConfig.EMPTY;
        } catch (IOException | ScrapeConfigException e) {
            return failed("loading " + file + " failed: " + e.getMessage());
        }
        try {
            pools.apply(config, file.getParent());
        } catch (ScrapeConfigException e) {
            return failed("loading " + file + " failed: " + e.getMessage());
        }
        lastReloadSuccessful = true;
        return List.of();
    }

    private List<String> failed(String message) {
        lastReloadSuccessful = false;
        LOG.severe(() -> "Loading the scrape configuration failed, the previous one keeps running: " + message);
        return List.of(message);
    }

    public boolean lastReloadSuccessful() {
        return lastReloadSuccessful;
    }

    /** The running jobs, in file order. */
    public List<ScrapePool> pools() {
        return pools.pools();
    }

    @PreDestroy
    public void stop() {
        if (discovery != null) {
            discovery.cancel();
        }
        pools.stop();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warning(() -> "closing the scrape scheduler: " + e);
        }
    }

    static Path resolve(String configured, String home) {
        Path path = Path.of(configured.strip());
        if (!path.isAbsolute() && home != null && !home.isBlank()) {
            path = Path.of(home).resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    /**
     * Placeholder values from the server's configuration, except {@code fluxtap.http.port}: the bound port once the
     * server runs (configured as 0, it is a free port chosen at start).
     */
    private static Function<String, Optional<String>> serverSettings(Config config, BeanManager beanManager) {
        return key -> {
            if ("fluxtap.http.port".equals(key)) {
                try {
                    int bound = beanManager.getExtension(ServerCdiExtension.class).port();
                    if (bound > 0) {
                        return Optional.of(Integer.toString(bound));
                    }
                } catch (IllegalArgumentException e) {
                    // A container without Helidon's server (some tests): the configured port is all there is.
                }
            }
            return config.getOptionalValue(key, String.class);
        };
    }

    private static long byteSize(String text) {
        try {
            long bytes = ScrapeConfigParser.byteSize(text);
            if (bytes > 0) {
                return bytes;
            }
        } catch (ScrapeConfigException e) {
            // reported below with the key named
        }
        throw new IllegalArgumentException(DEFAULT_BODY_LIMIT + " must be a positive size such as 256MiB or 10MB, was '"
                + text + "'");
    }

    private static Duration positive(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("fluxtap.scrape.file-sd-check-seconds must be positive, was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Prometheus seeds its offsets with the host name, so two servers scraping one target spread differently. */
    private static long jitterSeed() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "";
        }
        long hash = 0xcbf29ce484222325L;
        for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
