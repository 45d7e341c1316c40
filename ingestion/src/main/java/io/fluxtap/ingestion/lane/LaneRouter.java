package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * The entry to the lanes: receivers hand it decoded records, it picks the lane and publishes them.
 * It owns the lane rings' lifecycle: they start with the application and drain before storage goes away.
 *
 * <p>For now every log record goes to lane P1, the lane DESIGN.md gives to logs.
 */
@ApplicationScoped
public class LaneRouter {

    private static final Logger LOG = System.getLogger(LaneRouter.class.getName());

    private final LaneRing logs;
    private final IngestMetrics metrics;
    private final Duration drainTimeout;

    @Inject
    public LaneRouter(RecordSink sink,
                      IngestMetrics metrics,
                      @ConfigProperty(name = "fluxtap.ingest.ring-size", defaultValue = "16384") int ringSize,
                      @ConfigProperty(name = "fluxtap.ingest.max-batch", defaultValue = "4096") int maxBatch,
                      @ConfigProperty(name = "fluxtap.ingest.publish-timeout-ms", defaultValue = "2000")
                      long publishTimeoutMs,
                      @ConfigProperty(name = "fluxtap.ingest.drain-timeout-ms", defaultValue = "10000")
                      long drainTimeoutMs) {
        this(sink, metrics, RingSettings.of(ringSize, maxBatch, Duration.ofMillis(publishTimeoutMs)),
                Duration.ofMillis(drainTimeoutMs));
    }

    public LaneRouter(RecordSink sink, IngestMetrics metrics, RingSettings settings, Duration drainTimeout) {
        this.metrics = metrics;
        this.drainTimeout = drainTimeout;
        this.logs = new LaneRing(Lane.P1, settings, sink, stored -> metrics.stored(Signal.LOGS, Lane.P1, stored));
    }

    /** Starts the lanes with the application rather than on the first request. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        start();
    }

    /** Storage's beans are destroyed after this event, so the lanes can still write while draining. */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        drain();
    }

    public void start() {
        logs.start();
        metrics.trackRing(logs.lane(), logs::remainingCapacity);
    }

    /** Refuses new records and stores what the rings hold, waiting at most the drain timeout. */
    public void drain() {
        LaneSnapshot before = logs.snapshot();
        boolean complete = logs.drain(drainTimeout);
        metrics.forgetRing(logs.lane());
        LOG.log(complete ? Level.INFO : Level.ERROR, "lane {0} drained {1}: {2} records accepted, {3} stored",
                logs.lane(), complete ? "completely" : "INCOMPLETELY", before.accepted(), logs.snapshot().stored());
    }

    /** Publishes one request's log records; they are taken whole or not at all (see {@link LaneRing}). */
    public PublishResult publishLogs(List<LogRecord> records) {
        PublishResult result = logs.publish(records);
        if (result == PublishResult.ACCEPTED && !records.isEmpty()) {
            metrics.accepted(Signal.LOGS, logs.lane(), records.size());
        }
        return result;
    }

    public List<LaneSnapshot> snapshots() {
        return List.of(logs.snapshot());
    }
}
