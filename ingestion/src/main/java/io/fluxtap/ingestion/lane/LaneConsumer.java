package io.fluxtap.ingestion.lane;

import com.lmax.disruptor.EventHandler;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;

import io.fluxtap.api.IngestRecord;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Gathers a lane's events into batches and hands them to the store.
 *
 * <p>The batch processor only advances its sequence after {@link #onEvent} returns for the last event of a
 * batch, and {@link #onEvent} only returns once the store has taken the batch. So ring slots are released
 * after a successful write and never before: a failing store fills the ring and pushes back on producers
 * instead of losing records. A failed write is retried, with the same batch, until it succeeds or the lane
 * is abandoned at the end of a shutdown drain.
 */
final class LaneConsumer implements EventHandler<RecordEvent> {

    private static final Logger LOG = System.getLogger(LaneConsumer.class.getName());
    private static final long MAX_YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long YIELD_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration SETTLE_STEP = Duration.ofMillis(100);

    private final Lane lane;
    private final RecordSink sink;
    private final RingSettings settings;
    private final LaneRing.StoredListener onStored;
    private final BooleanSupplier yieldWhile;
    private final LaneRing.StoreGate gate;
    /** Every LSN up to here is durable (or cut) and may be stored without asking the gate again. */
    private long settledLsn = RecordBatch.NO_WAL;
    private final List<LogRecord> pendingLogs;
    private final List<SpanRecord> pendingSpans = new ArrayList<>();
    private final List<MetricSample> pendingMetrics = new ArrayList<>();
    private final List<BusinessMessage> pendingMessages = new ArrayList<>();
    private int pending;
    private long pendingLsn = RecordBatch.NO_WAL;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean failing;
    private volatile boolean abandoned;
    private volatile boolean leftoversKept;
    private RecordSink.Writer writer;

    LaneConsumer(Lane lane, RecordSink sink, RingSettings settings, LaneRing.StoredListener onStored,
                 BooleanSupplier yieldWhile, LaneRing.StoreGate gate) {
        this.lane = lane;
        this.gate = gate;
        this.sink = sink;
        this.settings = settings;
        this.onStored = onStored;
        this.yieldWhile = yieldWhile;
        this.pendingLogs = new ArrayList<>(Math.min(settings.maxBatch(), settings.ringSize()));
    }

    @Override
    public void onEvent(RecordEvent event, long sequence, boolean endOfBatch) {
        long lsn = event.lsn();
        IngestRecord record = event.take();
        boolean skip = false;
        if (gate != null && lsn != RecordBatch.NO_WAL) {
            if (lsn > settledLsn && !awaitSettled(lsn)) {
                return;
            }
            skip = gate.skip(lsn);
        }
        pendingLsn = Math.max(pendingLsn, lsn);
        if (!skip) {
            switch (record) {
                case LogRecord log -> pendingLogs.add(log);
                case SpanRecord span -> pendingSpans.add(span);
                case MetricSample sample -> pendingMetrics.add(sample);
                case BusinessMessage message -> pendingMessages.add(message);
                // Producers validate before claiming, so an empty slot is a bug; it must not stop the lane.
                case null -> LOG.log(Level.ERROR, "lane {0}: an empty ring slot at sequence {1} was skipped",
                        lane, sequence);
            }
            pending++;
        }
        // A batch of skipped records only moves the applied LSN past them, so a restart does not replay them.
        if ((endOfBatch && (pending > 0 || pendingLsn != RecordBatch.NO_WAL)) || pending >= settings.maxBatch()) {
            yieldToHigherLanes();
            flush();
        }
    }

    /**
     * Waits until the gate lets this record through: it is durable, or cut. Waits for ever (in steps, so a
     * shutdown that gave up is noticed); false when the lane was abandoned meanwhile. An fsync takes
     * milliseconds, so the batch gathered so far normally waits with it and goes to the store whole; only when
     * the disk is slow is it written first.
     */
    private boolean awaitSettled(long lsn) {
        while (!abandoned) {
            try {
                long settled = gate.awaitSettled(lsn, SETTLE_STEP);
                if (settled >= lsn) {
                    settledLsn = settled;
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (pending > 0) {
                flush();
            }
        }
        clearPending();
        return false;
    }

    /**
     * Holds this lane's write back while a lane of higher priority has work, so under load the store serves
     * P0 and P1 first. Bounded, so the lane still moves (and sheds by dropping, not by stalling) when the
     * higher lanes are never idle.
     */
    private void yieldToHigherLanes() {
        long deadline = System.nanoTime() + MAX_YIELD_NANOS;
        while (yieldWhile.getAsBoolean() && System.nanoTime() - deadline < 0 && !abandoned) {
            LockSupport.parkNanos(YIELD_PARK_NANOS);
        }
    }

    @Override
    public void onShutdown() {
        if (pending > 0) {
            LOG.log(leftoversKept ? Level.INFO : Level.ERROR, "lane {0}: {1} records were not stored before shutdown"
                    + (leftoversKept ? "; they stay in the write-ahead log" : ""), lane, pending);
            clearPending();
        }
        closeWriter();
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "lane " + lane + ": closing the store writer failed: " + e);
            }
            writer = null;
        }
    }

    /** Whether records left at shutdown are kept elsewhere (a write-ahead log), which decides how they are reported. */
    void leftoversKept(boolean kept) {
        this.leftoversKept = kept;
    }

    /** Makes a write that keeps failing give up, so a shutdown that ran out of time can finish. */
    void abandon() {
        abandoned = true;
    }

    long stored() {
        return stored.get();
    }

    long failures() {
        return failures.get();
    }

    boolean failing() {
        return failing;
    }

    private void flush() {
        RecordBatch batch = new RecordBatch(lane, pendingLogs, pendingSpans, pendingMetrics, pendingMessages, pendingLsn);
        long backoffNanos = settings.retryInitialBackoff().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                writer().write(batch);
                break;
            } catch (RuntimeException e) {
                // The failure may have broken the writer's connection for good (a DuckDB connection whose
                // transaction state is lost fails every later statement): the next attempt opens a new one.
                closeWriter();
                failing = true;
                failures.incrementAndGet();
                if (attempt == 1) {
                    LOG.log(Level.WARNING, "lane " + lane + ": storing " + batch.size()
                            + " records failed; retrying until the store takes them", e);
                } else {
                    LOG.log(Level.WARNING, "lane {0}: storing {1} records failed again (attempt {2}): {3}",
                            lane, batch.size(), attempt, e.getMessage());
                }
                if (abandoned) {
                    LOG.log(leftoversKept ? Level.INFO : Level.ERROR, "lane {0}: gave up on {1} records at shutdown"
                            + (leftoversKept ? "; they stay in the write-ahead log" : ""), lane, batch.size());
                    clearPending();
                    return;
                }
                LockSupport.parkNanos(backoffNanos);
                backoffNanos = Math.min(backoffNanos * 2, settings.retryMaxBackoff().toNanos());
            }
        }
        failing = false;
        clearPending();
        stored.addAndGet(batch.size());
        onStored.stored(batch);
    }

    private void clearPending() {
        pendingLogs.clear();
        pendingSpans.clear();
        pendingMetrics.clear();
        pendingMessages.clear();
        pending = 0;
        pendingLsn = RecordBatch.NO_WAL;
    }

    /**
     * Opened lazily on the consumer thread, so a store that is down at startup, or a writer replaced after a
     * failure, is just one more retry under the same bounded backoff.
     */
    private RecordSink.Writer writer() {
        if (writer == null) {
            writer = sink.openWriter(lane);
        }
        return writer;
    }
}
