package io.fluxtap.ingestion.metrics;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Ingestion's MicroProfile metrics. Counters appear in the Prometheus exposition with a {@code _total}
 * suffix, e.g. {@code fluxtap_ingest_records_total{signal="logs",lane="P1"}}.
 */
@ApplicationScoped
public class IngestMetrics {

    /** Records taken into a lane ring. */
    public static final String RECORDS = "fluxtap_ingest_records";
    /** Records the store confirmed, counted by the lane consumer. */
    public static final String STORED = "fluxtap_ingest_stored";
    /** Refused records; a request whose records could not be counted (undecodable, too large) counts as one. */
    public static final String REJECTED = "fluxtap_ingest_rejected";
    /** Free slots of a lane ring. */
    public static final String RING_REMAINING = "fluxtap_ring_remaining_capacity";

    private static final Logger LOG = System.getLogger(IngestMetrics.class.getName());

    private final MetricRegistry registry;
    private final Map<MetricID, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public IngestMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this.registry = registry;
    }

    public void accepted(Signal signal, Lane lane, long records) {
        increment(RECORDS, records, new Tag("signal", signal.label()), new Tag("lane", lane.label()));
    }

    public void stored(Signal signal, Lane lane, long records) {
        increment(STORED, records, new Tag("signal", signal.label()), new Tag("lane", lane.label()));
    }

    public void rejected(Signal signal, RejectReason reason, long records) {
        increment(REJECTED, records, new Tag("signal", signal.label()), new Tag("reason", reason.label()));
    }

    /** Exposes a lane's free ring slots until {@link #forgetRing(Lane)}. */
    public void trackRing(Lane lane, LongSupplier remainingCapacity) {
        registry.gauge(RING_REMAINING, remainingCapacity::getAsLong, laneTag(lane));
    }

    /** Drops the gauge of a stopped ring, so it does not keep reporting (or referencing) a dead ring. */
    public void forgetRing(Lane lane) {
        registry.remove(new MetricID(RING_REMAINING, laneTag(lane)));
    }

    /**
     * Counting happens on the data path (after records were accepted or stored), so a failing metrics
     * registry is reported but must not fail the request or the lane consumer.
     */
    private void increment(String name, long amount, Tag... tags) {
        try {
            counters.computeIfAbsent(new MetricID(name, tags), id -> registry.counter(name, tags)).inc(amount);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot count " + amount + " on metric " + name, e);
        }
    }

    private static Tag laneTag(Lane lane) {
        return new Tag("lane", lane.label());
    }
}
