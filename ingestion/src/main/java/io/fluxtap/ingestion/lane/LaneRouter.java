package io.fluxtap.ingestion.lane;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.wal.WalOptions;
import io.fluxtap.ingestion.wal.WriteAheadLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.fluxtap.ingestion.policy.IngestPolicies;

/**
 * The entry to the lanes: receivers hand it decoded records, it picks each record's lane (DESIGN.md's
 * lane table) and publishes them. It owns the lanes' lifecycle: they start with the application (P0 and P1
 * replaying their write-ahead logs) and drain before storage goes away.
 */
@ApplicationScoped
public class LaneRouter {

    private static final Logger LOG = System.getLogger(LaneRouter.class.getName());

    private final RecordSink sink;
    private final IngestMetrics metrics;
    private final LaneSettings settings;
    private final Map<Lane, DurableLane> durable = new EnumMap<>(Lane.class);
    private final LaneRing telemetry;
    private final IngestPolicies policies;
    private volatile boolean started;

    @Inject
    public LaneRouter(RecordSink sink,
                      IngestMetrics metrics,
                      IngestPolicies policies,
                      @ConfigProperty(name = "fluxtap.data.dir", defaultValue = "./data") String dataDir,
                      @ConfigProperty(name = "fluxtap.ingest.ring-size", defaultValue = "16384") int ringSize,
                      @ConfigProperty(name = "fluxtap.ingest.max-batch", defaultValue = "4096") int maxBatch,
                      @ConfigProperty(name = "fluxtap.ingest.publish-timeout-ms", defaultValue = "2000")
                      long publishTimeoutMs,
                      @ConfigProperty(name = "fluxtap.ingest.drain-timeout-ms", defaultValue = "10000")
                      long drainTimeoutMs,
                      @ConfigProperty(name = "fluxtap.wal.segment-bytes", defaultValue = "67108864") long segmentBytes,
                      @ConfigProperty(name = "fluxtap.wal.quota-bytes", defaultValue = "1073741824") long quotaBytes,
                      @ConfigProperty(name = "fluxtap.wal.group-commit-ms", defaultValue = "2") long groupCommitMs,
                      @ConfigProperty(name = "fluxtap.wal.ack-timeout-ms", defaultValue = "10000") long ackTimeoutMs,
                      @ConfigProperty(name = "fluxtap.wal.replay.max-records-per-second", defaultValue = "50000")
                      int replayRate,
                      @ConfigProperty(name = "fluxtap.lane.p0-services") Optional<String> p0Services,
                      @ConfigProperty(name = "fluxtap.lane.p1-min-level", defaultValue = "info") String p1MinLevel) {
        this(sink, metrics, new LaneSettings(
                RingSettings.of(ringSize, maxBatch, Duration.ofMillis(publishTimeoutMs)),
                Duration.ofMillis(drainTimeoutMs),
                Path.of(dataDir).resolve("wal"),
                segmentBytes,
                quotaBytes,
                Duration.ofMillis(groupCommitMs),
                new DurableSettings(Duration.ofMillis(publishTimeoutMs), Duration.ofMillis(ackTimeoutMs), replayRate),
                p0Services.map(LaneRouter::names).orElse(Set.of()),
                Level.parseLabel(p1MinLevel)), policies);
    }

    public LaneRouter(RecordSink sink, IngestMetrics metrics, LaneSettings settings) {
        this(sink, metrics, settings, IngestPolicies.NONE);
    }

    public LaneRouter(RecordSink sink, IngestMetrics metrics, LaneSettings settings, IngestPolicies policies) {
        this.sink = sink;
        this.metrics = metrics;
        this.settings = settings;
        this.policies = policies;
        // Telemetry is shed first: a full P2 ring drops at once (offer never waits) instead of making the request wait.
        this.telemetry = new LaneRing(Lane.P2, settings.ring(), sink, batch -> countStored(Lane.P2, batch),
                this::higherLanesBusy, null);
    }

    /** Starts the lanes with the application rather than on the first request. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        start();
    }

    /** Storage's beans are destroyed after this event, so the lanes can still write while draining. */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        drain();
    }

    /**
     * Opens each durable lane's WAL where storage left off and starts replaying what storage does not have
     * yet, then starts all consumers.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        for (Lane lane : List.of(Lane.P0, Lane.P1)) {
            durable.put(lane, openDurable(lane));
        }
        durable.values().forEach(DurableLane::start);
        telemetry.start();
        for (Lane lane : Lane.values()) {
            metrics.trackLane(lane, () -> snapshot(lane));
        }
        started = true;
        policies.start(this::publishReleasedSpans);
    }

    private DurableLane openDurable(Lane lane) {
        long applied = sink.appliedWalLsn(lane);
        Duration groupCommit = lane == Lane.P0 ? Duration.ZERO : settings.p1GroupCommit();
        WriteAheadLog wal = WriteAheadLog.open(
                new WalOptions(settings.walDirectory().resolve(lane.label()), settings.walSegmentBytes(),
                        settings.walQuotaBytes(), groupCommit),
                applied + 1,
                nanos -> metrics.fsync(lane, nanos),
                settings.walFiles());
        return new DurableLane(lane, settings.ring(), sink, batch -> countStored(lane, batch), wal, applied,
                settings.durable());
    }

    /** Refuses new records and stores what the lanes hold, waiting at most the drain timeout per lane. */
    public synchronized void drain() {
        // Stages release what they hold while P2 still takes it.
        policies.stop();
        for (DurableLane lane : durable.values()) {
            lane.drain(settings.drainTimeout());
        }
        long left = telemetry.pending();
        boolean complete = telemetry.drain(settings.drainTimeout());
        if (!complete) {
            metrics.dropped(Signal.LOGS, Lane.P2, left);
        }
        for (Lane lane : Lane.values()) {
            metrics.forgetLane(lane);
        }
        LOG.log(System.Logger.Level.INFO, "lanes drained; P2 {0}", complete ? "completely" : "with " + left + " records dropped");
    }

    /** The lane DESIGN.md gives a log record, with the configured overrides. */
    Lane laneFor(LogRecord record) {
        if (record.entityName() != null && settings.p0Services().contains(record.entityName())) {
            return Lane.P0;
        }
        if (isAudit(record)) {
            return Lane.P1;
        }
        Level level = record.level() == Level.UNSPECIFIED ? Level.INFO : record.level();
        return level.isAtLeast(settings.p1MinLevel()) ? Lane.P1 : Lane.P2;
    }

    /**
     * Publishes one request's log records, each to its lane. The durable lanes go first, together: if one of
     * them refuses, none keeps anything and the request is refused before any telemetry was taken. Telemetry
     * that finds its ring full is dropped and counted, never waited for.
     */
    public IngestOutcome publishLogs(List<LogRecord> received) {
        return publishLogs(received, this::laneFor);
    }

    /**
     * Publishes log records as telemetry whatever their level: lane P2, shed first, except audit records (P1, never
     * lost). For Fluxtap's own logs (issue #17: self-telemetry goes to lane P2), which must never take a place in the
     * write-ahead log that a sender's records need.
     */
    public IngestOutcome publishTelemetryLogs(List<LogRecord> received) {
        return publishLogs(received, record -> isAudit(record) ? Lane.P1 : Lane.P2);
    }

    private IngestOutcome publishLogs(List<LogRecord> received, java.util.function.Function<LogRecord, Lane> lanes) {
        if (!started) {
            return new IngestOutcome(PublishResult.CLOSED, 0);
        }
        List<LogRecord> records = policies.logs(received);
        Map<Lane, List<LogRecord>> byLane = new EnumMap<>(Lane.class);
        for (LogRecord record : records) {
            byLane.computeIfAbsent(lanes.apply(record), l -> new ArrayList<>()).add(record);
        }
        List<DurableLane.Part> parts = new ArrayList<>(2);
        for (Lane lane : List.of(Lane.P0, Lane.P1)) {
            List<LogRecord> batch = byLane.get(lane);
            if (batch != null) {
                parts.add(new DurableLane.Part(durable.get(lane), batch));
            }
        }
        // All durable lanes or none: a refusal after one lane took its part would make the retry store it twice.
        PublishResult result = DurableLane.publishAll(parts);
        if (result != PublishResult.ACCEPTED) {
            return new IngestOutcome(result, 0);
        }
        for (DurableLane.Part part : parts) {
            metrics.accepted(Signal.LOGS, part.lane().lane(), part.records().size());
        }
        List<LogRecord> shed = byLane.get(Lane.P2);
        return shed == null ? new IngestOutcome(PublishResult.ACCEPTED, 0) : shed(Signal.LOGS, shed);
    }

    /**
     * Business messages are mission-critical: lane P0, acknowledged only once fsynced. A request's messages
     * are taken all or none.
     */
    public IngestOutcome publishMessages(List<BusinessMessage> received) {
        if (!started) {
            return new IngestOutcome(PublishResult.CLOSED, 0);
        }
        List<BusinessMessage> messages = policies.messages(received);
        if (messages.isEmpty()) {
            return new IngestOutcome(PublishResult.ACCEPTED, 0);
        }
        PublishResult result = durable.get(Lane.P0).publish(messages);
        if (result == PublishResult.ACCEPTED) {
            metrics.accepted(Signal.MESSAGES, Lane.P0, messages.size());
        }
        return new IngestOutcome(result, 0);
    }

    /** Spans are telemetry: lane P2, dropped (and counted) when its ring is full. */
    public IngestOutcome publishSpans(List<SpanRecord> spans) {
        return started ? shed(Signal.TRACES, policies.spans(spans)) : new IngestOutcome(PublishResult.CLOSED, 0);
    }

    /** Spans a policy stage held back and released: past the policy chain, to P2 like any span. */
    private void publishReleasedSpans(List<SpanRecord> spans) {
        if (started && !spans.isEmpty()) {
            shed(Signal.TRACES, spans);
        }
    }

    /** Metric samples are telemetry: lane P2, dropped (and counted) when its ring is full. */
    public IngestOutcome publishMetrics(List<MetricSample> samples) {
        return started ? shed(Signal.METRICS, policies.metrics(samples)) : new IngestOutcome(PublishResult.CLOSED, 0);
    }

    /** Offers records to P2 in ring-sized parts, never waiting; what does not fit is dropped and counted. */
    private IngestOutcome shed(Signal signal, List<? extends IngestRecord> records) {
        int taken = 0;
        for (int from = 0; from < records.size(); from += telemetry.ringSize()) {
            List<? extends IngestRecord> chunk = records.subList(from, Math.min(records.size(), from + telemetry.ringSize()));
            if (!telemetry.offer(chunk, RecordBatch.NO_WAL)) {
                break;
            }
            taken += chunk.size();
        }
        if (taken == 0 && !records.isEmpty() && telemetry.closed()) {
            return new IngestOutcome(PublishResult.CLOSED, 0);
        }
        if (taken > 0) {
            metrics.accepted(signal, Lane.P2, taken);
        }
        int dropped = records.size() - taken;
        if (dropped > 0) {
            metrics.dropped(signal, Lane.P2, dropped);
        }
        return new IngestOutcome(PublishResult.ACCEPTED, dropped);
    }

    private void countStored(Lane lane, RecordBatch batch) {
        if (!batch.logs().isEmpty()) {
            metrics.stored(Signal.LOGS, lane, batch.logs().size());
        }
        if (!batch.spans().isEmpty()) {
            metrics.stored(Signal.TRACES, lane, batch.spans().size());
        }
        if (!batch.metrics().isEmpty()) {
            metrics.stored(Signal.METRICS, lane, batch.metrics().size());
        }
        if (!batch.messages().isEmpty()) {
            metrics.stored(Signal.MESSAGES, lane, batch.messages().size());
        }
    }

    public List<LaneSnapshot> snapshots() {
        List<LaneSnapshot> snapshots = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            snapshots.add(snapshot(lane));
        }
        return snapshots;
    }

    private LaneSnapshot snapshot(Lane lane) {
        DurableLane durableLane = durable.get(lane);
        if (durableLane != null) {
            return durableLane.snapshot();
        }
        if (lane == Lane.P2) {
            return telemetry.snapshot();
        }
        return new LaneSnapshot(lane, settings.ring().ringSize(), settings.ring().ringSize(), 0, 0, 0, false,
                !started, Optional.empty());
    }

    /** P2 waits while P0 or P1 have records in flight or a WAL backlog. */
    private boolean higherLanesBusy() {
        for (DurableLane lane : durable.values()) {
            if (lane.busy()) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean isAudit(LogRecord record) {
        Object audit = record.attributes().get("audit");
        return Boolean.TRUE.equals(audit) || (audit instanceof String s && "true".equals(s.toLowerCase(Locale.ROOT)));
    }
}
