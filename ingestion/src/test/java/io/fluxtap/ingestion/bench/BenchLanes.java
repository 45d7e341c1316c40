package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Level;
import io.fluxtap.api.RecordSink;
import io.fluxtap.ingestion.lane.DurableSettings;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.LaneSettings;
import io.fluxtap.ingestion.lane.RingSettings;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.helidon.microprofile.metrics.RegistryFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Lane routers with the server's default settings (the defaultValues of LaneRouter's @ConfigProperty
 * constructor), so the benchmarks measure what a default installation runs.
 */
final class BenchLanes {

    /** The service whose records take lane P0 (fluxtap.lane.p0-services). */
    static final String P0_SERVICE = "bench-p0";

    private BenchLanes() {
    }

    static LaneRouter router(RecordSink sink, Path dataDir) {
        Duration publishTimeout = Duration.ofMillis(2000);
        LaneSettings settings = new LaneSettings(
                RingSettings.of(16384, 4096, publishTimeout),
                Duration.ofSeconds(10),
                dataDir.resolve("wal"),
                64L << 20,
                1L << 30,
                Duration.ofMillis(2),
                new DurableSettings(publishTimeout, Duration.ofSeconds(10), 50_000),
                Set.of(P0_SERVICE),
                Level.INFO);
        // A fresh JVM per JMH fork, so the process-wide registry holds only this router's meters.
        MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
        return new LaneRouter(sink, new IngestMetrics(registry), settings);
    }
}
