package io.fluxtap.storage.warehouse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The warehouse's MicroProfile metrics: {@code fluxtap_storage_bytes{signal,tier}} (tier hot: the DuckDB estimate of
 * {@link Warehouse#hotBytes()}; cold: the manifest's file sizes), {@code fluxtap_storage_files{signal}}, and the
 * counters {@code fluxtap_warehouse_exported_rows_total{signal}}, {@code fluxtap_warehouse_exported_files_total{signal}},
 * {@code fluxtap_warehouse_compactions_total} and {@code fluxtap_warehouse_failures_total}. The gauges read the
 * figures the last maintenance run measured, so a scrape never queries DuckDB.
 */
@ApplicationScoped
public class WarehouseMetrics implements MaintenanceListener {

    public static final String BYTES = "fluxtap_storage_bytes";
    public static final String FILES = "fluxtap_storage_files";
    public static final String EXPORTED_ROWS = "fluxtap_warehouse_exported_rows";
    public static final String EXPORTED_FILES = "fluxtap_warehouse_exported_files";
    public static final String COMPACTIONS = "fluxtap_warehouse_compactions";
    public static final String FAILURES = "fluxtap_warehouse_failures";

    private static final Logger LOG = System.getLogger(WarehouseMetrics.class.getName());

    private final MetricRegistry registry;
    private volatile Usage usage = Usage.NONE;

    /** What the warehouse holds, per signal. */
    public record Usage(Map<WarehouseSignal, Long> hotBytes, Map<WarehouseSignal, Long> coldBytes,
                        Map<WarehouseSignal, Long> files) {
        static final Usage NONE = new Usage(Map.of(), Map.of(), Map.of());

        static Usage of(List<WarehouseFile> manifest, Map<WarehouseSignal, Long> hotBytes) {
            Map<WarehouseSignal, Long> cold = new EnumMap<>(WarehouseSignal.class);
            Map<WarehouseSignal, Long> files = new EnumMap<>(WarehouseSignal.class);
            for (WarehouseFile file : manifest) {
                cold.merge(file.partition().signal(), file.bytes(), Long::sum);
                files.merge(file.partition().signal(), 1L, Long::sum);
            }
            return new Usage(Map.copyOf(hotBytes), Map.copyOf(cold), Map.copyOf(files));
        }
    }

    @Inject
    public WarehouseMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this.registry = registry;
        try {
            for (WarehouseSignal signal : WarehouseSignal.values()) {
                Tag tag = new Tag("signal", signal.label());
                registry.gauge(BYTES, () -> usage.hotBytes().getOrDefault(signal, 0L), tag, new Tag("tier", "hot"));
                registry.gauge(BYTES, () -> usage.coldBytes().getOrDefault(signal, 0L), tag, new Tag("tier", "cold"));
                registry.gauge(FILES, () -> usage.files().getOrDefault(signal, 0L), tag);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot register the warehouse gauges", e);
        }
    }

    public Usage usage() {
        return usage;
    }

    @Override
    public void measured(Usage measured) {
        this.usage = measured;
    }

    @Override
    public void exported(List<WarehouseFile> files) {
        for (WarehouseFile file : files) {
            Tag tag = new Tag("signal", file.partition().signal().label());
            count(EXPORTED_ROWS, file.rows(), tag);
            count(EXPORTED_FILES, 1, tag);
        }
    }

    @Override
    public void compacted(int partitions) {
        count(COMPACTIONS, partitions);
    }

    @Override
    public void failed() {
        count(FAILURES, 1);
    }

    private void count(String name, long amount, Tag... tags) {
        if (amount == 0) {
            return;
        }
        try {
            registry.counter(name, tags).inc(amount);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot count " + amount + " on metric " + name, e);
        }
    }
}
