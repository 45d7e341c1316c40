package io.fluxtap.dist.monitoring.exposition;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.fluxtap.api.DbQueryTimings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/** Fluxtap's own metrics registry and its exposition in the format a scraper asks for. */
@ApplicationScoped
public class SelfMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final HttpRequestMetrics http;
    private final DbQueryMetrics db;

    /** For CDI's proxy. */
    protected SelfMetrics() {
        http = null;
        db = null;
    }

    @Inject
    public SelfMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry applicationMetrics,
                       @ConfigProperty(name = "fluxtap.data.dir") String dataDir) {
        JvmMetrics.builder().register(registry);
        GaugeWithCallback.builder().name("fluxtap_system_uptime_seconds").help("Seconds since Fluxtap started")
                .unit(Unit.SECONDS)
                .callback(g -> g.call(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)).register(registry);
        Path data = Path.of(dataDir);
        GaugeWithCallback.builder().name("fluxtap_data_disk_free_bytes")
                .help("Bytes free for Fluxtap on the file system of its data directory").unit(Unit.BYTES)
                .callback(g -> fileStore(data).ifPresent(store -> g.call(usable(store)))).register(registry);
        GaugeWithCallback.builder().name("fluxtap_data_disk_size_bytes")
                .help("Size of the file system of Fluxtap's data directory").unit(Unit.BYTES)
                .callback(g -> fileStore(data).ifPresent(store -> g.call(total(store)))).register(registry);
        http = new HttpRequestMetrics(registry);
        db = new DbQueryMetrics(registry);
        registry.register(new MicroProfileMetricsCollector(applicationMetrics));
    }

    private static Optional<FileStore> fileStore(Path data) {
        try {
            return Optional.of(Files.getFileStore(Files.exists(data) ? data : data.toAbsolutePath().getParent()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static double usable(FileStore store) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double total(FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The store reports its statements' times here (DuckDbDatabase asks the container for it). */
    @Produces
    DbQueryTimings dbQueryTimings() {
        return db;
    }

    public HttpRequestMetrics http() {
        return http;
    }

    /** The exposition for an {@code Accept} header: OpenMetrics when asked for, else Prometheus text 0.0.4. */
    public Exposition scrape(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exposition(writer.getContentType(), out.toByteArray());
    }

    public record Exposition(String contentType, byte[] body) {
    }
}
