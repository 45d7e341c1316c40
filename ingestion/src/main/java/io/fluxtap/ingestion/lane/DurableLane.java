package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Lane;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.ingestion.wal.RecordCodec;
import io.fluxtap.ingestion.wal.WalException;
import io.fluxtap.ingestion.wal.WalFullException;
import io.fluxtap.ingestion.wal.WalRecord;
import io.fluxtap.ingestion.wal.WriteAheadLog;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lane whose acknowledgements are promises: records are appended to the write-ahead log, and the
 * sender is answered only once they are on disk. The ring then carries them to the store; storage commits
 * each batch's last WAL sequence number with its rows, and applied segments are released.
 *
 * <p>Records enter the ring in WAL order, always: the WAL append and the ring offer happen under one lock,
 * so the store's "applied up to" position never skips a record. When the ring has no room (the store is
 * slow or failing) the lane does not refuse: it keeps accepting into the WAL ("fail to local") and turns
 * backlogged; from then on a replay thread feeds the ring from the WAL, at a bounded rate, until it has
 * caught up with the newest record, and the lane returns to the direct path. The same replay runs at
 * start-up for whatever the WAL holds beyond what storage applied, which is how a crash loses nothing and
 * stores nothing twice.
 */
public final class DurableLane {

    private static final Logger LOG = System.getLogger(DurableLane.class.getName());
    private static final long QUOTA_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long RING_FULL_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Lane lane;
    private final LaneRing ring;
    private final WriteAheadLog wal;
    private final DurableSettings settings;
    private final int replayChunk;

    /** Orders WAL appends with ring offers, and guards the switch between direct and backlogged. */
    private final ReentrantLock order = new ReentrantLock();
    private boolean backlogged;
    private boolean closed;
    /** Highest LSN handed to the ring: by producers on the direct path, by the replay thread when backlogged. */
    private volatile long publishedLsn;
    /** Highest LSN the store has committed. */
    private volatile long storedLsn;
    private volatile boolean stopReplay;
    private Thread replayer;

    /**
     * @param appliedLsn what storage already holds (from {@code RecordSink.appliedWalLsn}); the WAL must have
     *                   been opened with {@code minNextLsn = appliedLsn + 1}
     */
    public DurableLane(Lane lane, LaneRing ring, WriteAheadLog wal, long appliedLsn, DurableSettings settings,
                       int ringSize) {
        this.lane = lane;
        this.ring = ring;
        this.wal = wal;
        this.settings = settings;
        this.replayChunk = Math.max(1, Math.min(ringSize / 2, 4096));
        this.publishedLsn = appliedLsn;
        this.storedLsn = appliedLsn;
        this.backlogged = wal.lastLsn() > appliedLsn;
    }

    public Lane lane() {
        return lane;
    }

    public void start() {
        ring.start();
        replayer = Thread.ofPlatform().daemon().name("fluxtap-replay-" + lane.label()).start(this::replayLoop);
        if (backlog() > 0) {
            LOG.log(Level.INFO, "lane {0}: replaying {1} records from the write-ahead log", lane, backlog());
        }
    }

    /**
     * Makes the records durable and answers only then: {@link PublishResult#ACCEPTED} means they are in the
     * WAL on disk and will be stored exactly once.
     */
    public PublishResult publish(List<? extends IngestRecord> records) {
        if (records.isEmpty()) {
            return PublishResult.ACCEPTED;
        }
        List<byte[]> payloads = new ArrayList<>(records.size());
        for (IngestRecord record : records) {
            payloads.add(RecordCodec.encode(record));
        }
        long deadline = System.nanoTime() + settings.quotaWait().toNanos();
        long last;
        while (true) {
            order.lock();
            try {
                if (closed) {
                    return PublishResult.CLOSED;
                }
                last = wal.append(payloads);
                long first = last - records.size() + 1;
                if (!backlogged && ring.offer(records, first)) {
                    publishedLsn = last;
                } else if (!backlogged) {
                    backlogged = true;
                    LOG.log(Level.WARNING, "lane {0}: ring full, keeping new records in the write-ahead log until the "
                            + "store catches up", lane);
                }
                break;
            } catch (WalFullException full) {
                if (System.nanoTime() - deadline >= 0) {
                    return PublishResult.THROTTLED;
                }
            } catch (WalException failed) {
                LOG.log(Level.ERROR, "lane " + lane + ": the write-ahead log refused records", failed);
                return PublishResult.UNAVAILABLE;
            } finally {
                order.unlock();
            }
            LockSupport.parkNanos(QUOTA_RETRY_NANOS);
        }
        if (backlogged) {
            LockSupport.unpark(replayer);
        }
        try {
            return wal.awaitDurable(last, settings.ackTimeout()) ? PublishResult.ACCEPTED : PublishResult.UNAVAILABLE;
        } catch (WalException failed) {
            return PublishResult.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PublishResult.UNAVAILABLE;
        }
    }

    /** Called by the ring's consumer after each committed batch. */
    void stored(long walLsn) {
        if (walLsn > storedLsn) {
            storedLsn = walLsn;
            wal.release(walLsn);
        }
    }

    /** Acknowledged records not yet committed by the store. */
    public long backlog() {
        return Math.max(0, wal.lastLsn() - storedLsn);
    }

    public boolean backlogged() {
        return backlogged;
    }

    public LaneSnapshot snapshot() {
        String failure = wal.failure().map(Throwable::getMessage).orElse(null);
        String repaired = wal.recovery().corruption()
                .map(c -> c.reason() + " in " + c.segment().getFileName() + " at offset " + c.offset()).orElse(null);
        return ring.snapshot().withWal(new LaneSnapshot.WalSnapshot(wal.sizeBytes(), wal.quotaBytes(),
                wal.segmentCount(), backlog(), backlogged, failure, repaired));
    }

    /** Whether this lane has anything in flight, so lower lanes should wait. */
    boolean busy() {
        return backlogged || ring.pending() > 0;
    }

    WriteAheadLog wal() {
        return wal;
    }

    LaneRing ring() {
        return ring;
    }

    /**
     * Refuses new records and waits (at most {@code timeout}) for the store to commit what the lane holds.
     * Whatever is left stays in the WAL and is replayed at the next start: nothing acknowledged is lost.
     */
    public boolean drain(Duration timeout) {
        order.lock();
        try {
            closed = true;
        } finally {
            order.unlock();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // Catch-up may use most of the time; the ring keeps a share to finish the batch it is writing.
        long catchUpDeadline = deadline - timeout.toNanos() / 5;
        while (storedLsn < wal.lastLsn() && System.nanoTime() - catchUpDeadline < 0 && wal.failure().isEmpty()) {
            LockSupport.unpark(replayer);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        stopReplay = true;
        if (replayer != null) {
            LockSupport.unpark(replayer);
            try {
                replayer.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ring.drainKeepingLeftovers(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        boolean complete = storedLsn >= wal.lastLsn();
        if (!complete) {
            LOG.log(Level.INFO, "lane {0}: {1} acknowledged records stay in the write-ahead log for the next start",
                    lane, backlog());
        }
        wal.close();
        return complete;
    }

    private void replayLoop() {
        long windowStart = System.nanoTime();
        long sentInWindow = 0;
        while (!stopReplay) {
            if (!catchingUp()) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            long now = System.nanoTime();
            if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
                windowStart = now;
                sentInWindow = 0;
            }
            int budget = (int) Math.min(replayChunk, settings.replayRecordsPerSecond() - sentInWindow);
            if (budget <= 0) {
                LockSupport.parkNanos(windowStart + TimeUnit.SECONDS.toNanos(1) - now);
                continue;
            }
            try {
                sentInWindow += replayChunk(budget);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "lane " + lane + ": replay from the write-ahead log failed; retrying", e);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /** True while the WAL holds records the ring has not seen; switches back to the direct path when not. */
    private boolean catchingUp() {
        order.lock();
        try {
            if (!backlogged) {
                return false;
            }
            if (publishedLsn >= wal.lastLsn()) {
                backlogged = false;
                LOG.log(Level.INFO, "lane {0}: caught up with the write-ahead log", lane);
                return false;
            }
            return true;
        } finally {
            order.unlock();
        }
    }

    private int replayChunk(int budget) {
        List<WalRecord> chunk = wal.readAfter(publishedLsn, budget);
        if (chunk.isEmpty()) {
            return 0;
        }
        long first = chunk.getFirst().lsn();
        List<IngestRecord> records = new ArrayList<>(chunk.size());
        for (WalRecord record : chunk) {
            // Ring slots take consecutive LSNs; a jump (the WAL continued past what storage applied) ends the chunk.
            if (record.lsn() != first + records.size()) {
                break;
            }
            records.add(RecordCodec.decode(record.payload()));
        }
        while (!ring.offer(records, first)) {
            if (stopReplay) {
                return 0;
            }
            LockSupport.parkNanos(RING_FULL_PARK_NANOS);
        }
        publishedLsn = first + records.size() - 1;
        return records.size();
    }
}
