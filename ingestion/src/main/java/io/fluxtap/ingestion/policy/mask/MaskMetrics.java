package io.fluxtap.ingestion.policy.mask;

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
 * {@code fluxtap_masked_total{signal,rule}}: values masked before anything was written. {@code rule} is {@code pan}
 * (a card number found by the scan), {@code attribute:<key>} (a {@code fluxtap.mask.attributes} rule) or
 * {@code wire:<wire id><pointer>} (a wire spec's mask): all bounded by the configuration, never by the data.
 * A failing registry is logged, never thrown into the request.
 */
@ApplicationScoped
public class MaskMetrics {

    public static final String MASKED = "fluxtap_masked";

    private static final Logger LOG = System.getLogger(MaskMetrics.class.getName());

    private final MetricRegistry registry;
    private final Map<MetricID, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public MaskMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this.registry = registry;
    }

    /** For tests without a registry: counts nowhere. */
    MaskMetrics() {
        this.registry = null;
    }

    void masked(Signal signal, MaskCounts counts) {
        if (registry == null || counts.isEmpty()) {
            return;
        }
        counts.byRule().forEach((rule, n) -> {
            Tag[] tags = {new Tag("signal", signal.label()), new Tag("rule", rule)};
            try {
                counters.computeIfAbsent(new MetricID(MASKED, tags), id -> registry.counter(MASKED, tags)).inc(n);
            } catch (RuntimeException e) {
                LOG.log(Logger.Level.WARNING, "cannot count " + n + " on metric " + MASKED, e);
            }
        });
    }
}
