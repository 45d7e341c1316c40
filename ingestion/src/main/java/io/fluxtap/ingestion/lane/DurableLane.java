package io.fluxtap.ingestion.lane;

import io.fluxtap.api.Lane;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.api.RecordSink;
import io.fluxtap.ingestion.wal.RecordCodec;
import io.fluxtap.ingestion.wal.WalException;
import io.fluxtap.ingestion.wal.WalFullException;
import io.fluxtap.ingestion.wal.WalRecord;
import io.fluxtap.ingestion.wal.WriteAheadLog;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
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
public final class DurableLane implements LaneRing.StoreGate {

    private static final Logger LOG = System.getLogger(DurableLane.class.getName());
    private static final long QUOTA_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long RING_FULL_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final Duration FAILURE_SUMMARY_INTERVAL = Duration.ofSeconds(10);

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
    /** First LSNs of this lane's parts of multi-lane requests not decided yet; the store waits below them. */
    private final TreeSet<Long> holds = new TreeSet<>();
    private volatile long lowestHold = Long.MAX_VALUE;
    private final RepeatedFailureLog failures = new RepeatedFailureLog(LOG, FAILURE_SUMMARY_INTERVAL, System::nanoTime);

    /**
     * @param ringSettings the lane's ring
     * @param onStored     also told about each batch the store committed (after the lane itself)
     * @param appliedLsn   what storage already holds (from {@code RecordSink.appliedWalLsn}); the WAL must have
     *                     been opened with {@code minNextLsn = appliedLsn + 1}
     */
    public DurableLane(Lane lane, RingSettings ringSettings, RecordSink sink, LaneRing.StoredListener onStored,
                       WriteAheadLog wal, long appliedLsn, DurableSettings settings) {
        this.lane = lane;
        this.wal = wal;
        this.settings = settings;
        this.replayChunk = Math.max(1, Math.min(ringSettings.ringSize() / 2, 4096));
        this.publishedLsn = appliedLsn;
        this.storedLsn = appliedLsn;
        this.backlogged = wal.lastLsn() > appliedLsn;
        // The ring's consumer only runs after start(), so handing it this lane as its gate here is safe.
        this.ring = new LaneRing(lane, ringSettings, sink, batch -> {
            stored(batch.walLsn());
            onStored.stored(batch);
        }, () -> false, this);
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
     * WAL on disk and will be stored exactly once; any other answer means none of them will be stored.
     */
    public PublishResult publish(List<? extends IngestRecord> records) {
        return publishAll(List.of(new Part(this, records)));
    }

    /** One lane's share of a request. */
    public record Part(DurableLane lane, List<? extends IngestRecord> records) {
    }

    /**
     * Publishes one request whose records go to several durable lanes, all or nothing: every lane's WAL must
     * have room before any is appended to (the lanes' order locks, taken in lane order, keep other appenders
     * out meanwhile), an append that fails takes back what the other lanes appended, and the store is held
     * back from the request's records until every part is durable, so a part whose fsync fails or times out
     * is discarded in every lane. A refused request has left nothing to store, and its retry stores it once.
     */
    public static PublishResult publishAll(List<Part> requested) {
        List<Part> parts = requested.stream().filter(p -> !p.records().isEmpty())
                .sorted(Comparator.comparing(p -> p.lane().lane)).toList();
        if (parts.isEmpty()) {
            return PublishResult.ACCEPTED;
        }
        int n = parts.size();
        boolean together = n > 1;
        List<List<byte[]>> payloads = new ArrayList<>(n);
        for (Part part : parts) {
            List<byte[]> encoded = new ArrayList<>(part.records().size());
            for (IngestRecord record : part.records()) {
                encoded.add(RecordCodec.encode(record));
            }
            payloads.add(encoded);
        }
        DurableSettings settings = parts.getFirst().lane().settings;
        long[] first = new long[n];
        long[] last = new long[n];
        long deadline = System.nanoTime() + settings.quotaWait().toNanos();
        while (true) {
            for (Part part : parts) {
                part.lane().order.lock();
            }
            try {
                for (Part part : parts) {
                    if (part.lane().closed) {
                        return PublishResult.CLOSED;
                    }
                }
                if (appendAll(parts, payloads, together, first, last)) {
                    for (int i = 0; i < n; i++) {
                        parts.get(i).lane().handToRing(parts.get(i).records(), first[i], last[i]);
                    }
                    break;
                }
            } catch (WalException failed) {
                parts.forEach(p -> p.lane().failures.failure("lane " + p.lane().lane
                        + ": the write-ahead log refused a request (nothing of it was kept)", failed));
                return PublishResult.UNAVAILABLE;
            } finally {
                for (int i = n - 1; i >= 0; i--) {
                    parts.get(i).lane().order.unlock();
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return PublishResult.THROTTLED;
            }
            LockSupport.parkNanos(QUOTA_RETRY_NANOS);
        }
        for (Part part : parts) {
            if (part.lane().backlogged) {
                LockSupport.unpark(part.lane().replayer);
            }
        }
        boolean durable = awaitDurable(parts, last, settings.ackTimeout());
        if (!durable && !together && !parts.getFirst().lane().wal.discard(first[0], last[0], true)) {
            durable = true;
        } else if (!durable) {
            for (int i = 0; i < n; i++) {
                parts.get(i).lane().wal.discard(first[i], last[i], false);
            }
        }
        if (together) {
            for (int i = 0; i < n; i++) {
                parts.get(i).lane().releaseHold(first[i]);
            }
        }
        if (durable) {
            parts.forEach(p -> p.lane().failures.success("lane " + p.lane().lane + ": the write-ahead log takes records again"));
            return PublishResult.ACCEPTED;
        }
        return PublishResult.UNAVAILABLE;
    }

    /**
     * Must hold every part's order lock. Appends every part, or none: false when some WAL has no room.
     *
     * @throws WalException when a WAL cannot be written; what the other parts appended was taken back
     */
    private static boolean appendAll(List<Part> parts, List<List<byte[]>> payloads, boolean together,
                                     long[] first, long[] last) {
        if (!together) {
            // One lane: its append checks the quota itself and writes all or nothing.
            try {
                last[0] = parts.getFirst().lane().wal.append(payloads.getFirst());
            } catch (WalFullException full) {
                return false;
            }
            first[0] = last[0] - payloads.getFirst().size() + 1;
            return true;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).lane().wal.hasRoom(payloads.get(i))) {
                return false;
            }
        }
        int appended = 0;
        try {
            for (int i = 0; i < parts.size(); i++) {
                DurableLane lane = parts.get(i).lane();
                first[i] = lane.wal.nextLsn();
                // Before the append: the replay thread may read the records the moment they are in the file.
                lane.hold(first[i]);
                try {
                    last[i] = lane.wal.append(payloads.get(i));
                } catch (RuntimeException | WalFullException e) {
                    lane.releaseHold(first[i]);
                    throw e;
                }
                appended++;
            }
            return true;
        } catch (WalFullException | RuntimeException e) {
            for (int i = appended - 1; i >= 0; i--) {
                DurableLane lane = parts.get(i).lane();
                try {
                    lane.wal.retract(first[i]);
                } finally {
                    lane.releaseHold(first[i]);
                }
            }
            if (e instanceof WalFullException) {
                return false;
            }
            throw (RuntimeException) e;
        }
    }

    private static boolean awaitDurable(List<Part> parts, long[] last, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < parts.size(); i++) {
            DurableLane lane = parts.get(i).lane();
            try {
                if (!lane.wal.awaitDurable(last[i], Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    lane.failures.failure("lane " + lane.lane + ": the write-ahead log did not reach the disk within "
                            + timeout.toMillis() + " ms; the request was refused and nothing of it is stored", null);
                    return false;
                }
            } catch (WalException failed) {
                lane.failures.failure("lane " + lane.lane + ": the write-ahead log could not make a request durable "
                        + "(nothing of it is stored)", failed);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Must hold the order lock. The direct path while the ring has room; the WAL alone (backlogged) when not. */
    private void handToRing(List<? extends IngestRecord> records, long first, long last) {
        if (!backlogged && ring.offer(records, first)) {
            publishedLsn = last;
        } else if (!backlogged) {
            backlogged = true;
            LOG.log(Level.WARNING, "lane {0}: ring full, keeping new records in the write-ahead log until the "
                    + "store catches up", lane);
        }
    }

    private void hold(long firstLsn) {
        synchronized (holds) {
            holds.add(firstLsn);
            lowestHold = holds.first();
        }
    }

    private void releaseHold(long firstLsn) {
        synchronized (holds) {
            holds.remove(firstLsn);
            lowestHold = holds.isEmpty() ? Long.MAX_VALUE : holds.first();
            holds.notifyAll();
        }
    }

    /**
     * The consumer's gate: a record may be stored once it is durable and no request spread over several lanes
     * that it belongs to, or follows, is still undecided; a cut or discarded record is skipped.
     *
     * @return the LSN up to which every record is settled (at least {@code lsn}), or -1 on timeout
     */
    @Override
    public long awaitSettled(long lsn, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long held = lowestHold;
            long durable = wal.durableLsn();
            if (lsn < held && durable >= lsn) {
                return Math.min(durable, held - 1);
            }
            if (wal.isCut(lsn)) {
                return lsn;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            if (lsn >= held) {
                synchronized (holds) {
                    if (lowestHold <= lsn && !wal.isCut(lsn)) {
                        TimeUnit.NANOSECONDS.timedWait(holds, left);
                    }
                }
            } else if (!wal.awaitSettled(lsn, Duration.ofNanos(left))) {
                return -1;
            }
        }
    }

    @Override
    public boolean skip(long lsn) {
        return wal.isCut(lsn);
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
