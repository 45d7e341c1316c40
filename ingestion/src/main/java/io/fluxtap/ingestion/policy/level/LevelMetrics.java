package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * {@code fluxtap_ingest_filtered_total{signal,service,reason}}: records a policy dropped on purpose, here
 * {@code reason="level"} (below the service's level) and {@code reason="rate"} (over the verbose rate guard).
 * A failing registry is logged, never thrown into the request.
 */
@ApplicationScoped
public class LevelMetrics {

    public static final String FILTERED = "fluxtap_ingest_filtered";
    /** OpenTelemetry's service.name for a sender that gave none. */
    static final String UNKNOWN_SERVICE = "unknown_service";

    private static final Logger LOG = System.getLogger(LevelMetrics.class.getName());

    private final MetricRegistry registry;
    private final Map<MetricID, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public LevelMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this.registry = registry;
    }

    /** For tests without a registry: counts nowhere. */
    LevelMetrics() {
        this.registry = null;
    }

    public void filtered(Signal signal, String service, String reason, long records) {
        if (registry == null || records == 0) {
            return;
        }
        Tag[] tags = {new Tag("signal", signal.label()),
            new Tag("service", service == null || service.isEmpty() ? UNKNOWN_SERVICE : service),
            new Tag("reason", reason)};
        try {
            counters.computeIfAbsent(new MetricID(FILTERED, tags), id -> registry.counter(FILTERED, tags)).inc(records);
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "cannot count " + records + " on metric " + FILTERED, e);
        }
    }
}
