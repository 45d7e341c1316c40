package io.fluxtap.ingestion.metrics;

import io.fluxtap.ingestion.lane.LaneSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Timer;

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
import java.util.function.Supplier;

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
    /** Attributes dropped (over the count limit) or values cut (over the length limit) by the sanitize stage. */
    public static final String TRUNCATED = "fluxtap_ingest_truncated";
    /** Telemetry records shed because their lane's ring was full. */
    public static final String DROPPED = "fluxtap_lane_dropped";
    /** Size, segment count and unstored acknowledged records of a durable lane's write-ahead log. */
    public static final String WAL_BYTES = "fluxtap_wal_bytes";
    public static final String WAL_SEGMENTS = "fluxtap_wal_segments";
    public static final String WAL_QUOTA = "fluxtap_wal_quota_bytes";
    public static final String WAL_BACKLOG = "fluxtap_wal_backlog_records";
    /** OTLP/gRPC calls and connections the server refused (see {@code GrpcRefusals}), by reason. */
    public static final String GRPC_REFUSED = "fluxtap_grpc_refused";
    /** Time each WAL fsync took. */
    public static final String WAL_FSYNC = "fluxtap_wal_fsync";

    private static final Logger LOG = System.getLogger(IngestMetrics.class.getName());

    private final MetricRegistry registry;
    private final Map<MetricID, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Lane, Timer> fsyncTimers = new ConcurrentHashMap<>();

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

    /** @param reason a gRPC status code ({@code resource_exhausted}) or an HTTP/2 error ({@code goaway_protocol_error}) */
    public void grpcRefused(String reason) {
        increment(GRPC_REFUSED, 1, new Tag("reason", reason));
    }

    /** @param kind {@code attribute_count} or {@code value_length} */
    public void truncated(Signal signal, String kind, long count) {
        increment(TRUNCATED, count, new Tag("signal", signal.label()), new Tag("kind", kind));
    }

    public void dropped(Signal signal, Lane lane, long records) {
        increment(DROPPED, records, new Tag("lane", lane.label()), new Tag("signal", signal.label()));
    }

    /** Exposes a lane's ring and (for P0 and P1) write-ahead-log gauges until {@link #forgetLane(Lane)}. */
    public void trackLane(Lane lane, Supplier<LaneSnapshot> snapshot) {
        try {
            registry.gauge(RING_REMAINING, () -> snapshot.get().remaining(), laneTag(lane));
            if (lane != Lane.P2) {
                registry.gauge(WAL_BYTES, () -> wal(snapshot).map(LaneSnapshot.WalSnapshot::bytes).orElse(0L), laneTag(lane));
                registry.gauge(WAL_SEGMENTS, () -> wal(snapshot).map(w -> (long) w.segments()).orElse(0L), laneTag(lane));
                registry.gauge(WAL_QUOTA, () -> wal(snapshot).map(LaneSnapshot.WalSnapshot::quotaBytes).orElse(0L), laneTag(lane));
                registry.gauge(WAL_BACKLOG, () -> wal(snapshot).map(LaneSnapshot.WalSnapshot::backlog).orElse(0L), laneTag(lane));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot register the gauges of lane " + lane, e);
        }
    }

    /** Drops a stopped lane's gauges, so they do not keep reporting (or referencing) a dead lane. */
    public void forgetLane(Lane lane) {
        for (String name : List.of(RING_REMAINING, WAL_BYTES, WAL_SEGMENTS, WAL_QUOTA, WAL_BACKLOG)) {
            registry.remove(new MetricID(name, laneTag(lane)));
        }
    }

    /** Called by the WAL's sync thread after every fsync. */
    public void fsync(Lane lane, long nanos) {
        try {
            fsyncTimers.computeIfAbsent(lane, l -> registry.timer(WAL_FSYNC, laneTag(l))).update(Duration.ofNanos(nanos));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record an fsync time of lane " + lane, e);
        }
    }

    private static Optional<LaneSnapshot.WalSnapshot> wal(Supplier<LaneSnapshot> snapshot) {
        return snapshot.get().wal();
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
