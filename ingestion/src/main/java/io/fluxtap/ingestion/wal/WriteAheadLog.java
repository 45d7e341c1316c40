package io.fluxtap.ingestion.wal;

import io.fluxtap.ingestion.wal.SegmentFiles.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * A lane's write-ahead log: segmented, CRC-framed, group-committed. See the package documentation for
 * the format. Appends may come from many threads at once; one sync thread makes them durable.
 *
 * <p>An I/O error never leaves a half-written request behind and never stops the log for good: a failed
 * write is cut off again before the append returns, a failed fsync cuts every frame it should have made
 * durable (their LSNs are never used again, and {@link #isCut} tells the lane not to store them), and the
 * next append tries the disk again, so the log recovers by itself once, say, space was freed.
 */
public final class WriteAheadLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());
    private static final long SYNC_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final WalOptions options;
    private final SegmentChannel.Opener opener;
    private final WalRecovery recovery;
    private final LongConsumer fsyncNanosObserver;

    /** Guards the segment list, the active channel and LSN assignment. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Held while an fsync or a segment switch runs, so a segment is never closed under an fsync. */
    private final Object forceLock = new Object();
    private final ReentrantLock durableLock = new ReentrantLock();
    private final Condition durableAdvanced = durableLock.newCondition();
    private final CutRanges cuts = new CutRanges();

    private final NavigableMap<Long, Long> closedSegmentBytes = new TreeMap<>();
    private long closedBytes;
    private SegmentChannel active;
    private long activeFirstLsn;
    private long activeBytes;
    /** How much of the active segment an fsync has confirmed. */
    private long durableOffset;
    /**
     * The newest record kept at or below {@link #durableOffset} (or in an older segment): where a cut goes back
     * to. Not {@link #durableLsn}, which may name a record retracted or cut after its fsync.
     */
    private long syncedLsn;
    /** Bumped by every cut, so an fsync that started before one does not vouch for bytes written after it. */
    private long cutGeneration;
    /** Where the newest append started in the active segment, and its first LSN: what {@link #retract} cuts. */
    private long lastAppendOffset = -1;
    private long lastAppendFirstLsn = -1;
    private long lastAppendPreviousLsn = -1;
    /** After a cut the active segment ends before {@code nextLsn}: the next append starts a new segment. */
    private boolean needFreshSegment;
    /** A truncation that failed: the active segment must be cut to this length before anything else is written. */
    private long repairTo = -1;
    private long nextLsn;

    /** The LSN of the newest record in the log (cut records excluded). */
    private volatile long writtenLsn;
    /** The highest LSN storage has applied, as told through {@link #release}. */
    private long releasedLsn;
    private volatile long durableLsn;
    private volatile WalException writeFault;
    private volatile WalException syncFault;
    private volatile boolean closed;
    /** Where the last {@link #readAfter} stopped: the next frame's offset in its segment, and that frame's LSN. */
    private volatile ReadPosition readPosition;

    private record ReadPosition(long segmentFirstLsn, long nextLsn, long offset) {
    }
    private final Thread syncer;

    private WriteAheadLog(WalOptions options, long minNextLsn, LongConsumer fsyncNanosObserver,
                          SegmentChannel.Opener opener) throws IOException {
        this.options = options;
        this.opener = opener;
        this.fsyncNanosObserver = fsyncNanosObserver;
        Files.createDirectories(options.directory());
        this.recovery = recover(minNextLsn);
        this.syncer = Thread.ofPlatform().daemon().name("wal-sync-" + options.directory().getFileName()).unstarted(this::syncLoop);
        this.syncer.start();
    }

    /**
     * Opens (recovering) or creates the log in {@code options.directory()}.
     *
     * @param minNextLsn the lowest LSN the next append may get: one past what storage already applied,
     *                   so LSNs never go backwards even if the log's files were lost
     * @param fsyncNanosObserver told how long each fsync took
     */
    public static WriteAheadLog open(WalOptions options, long minNextLsn, LongConsumer fsyncNanosObserver) {
        return open(options, minNextLsn, fsyncNanosObserver, SegmentChannel.FILES);
    }

    /** As {@link #open(WalOptions, long, LongConsumer)}, writing segments through {@code opener}. */
    public static WriteAheadLog open(WalOptions options, long minNextLsn, LongConsumer fsyncNanosObserver,
                                     SegmentChannel.Opener opener) {
        try {
            return new WriteAheadLog(options, Math.max(1, minNextLsn), fsyncNanosObserver, opener);
        } catch (IOException e) {
            throw new WalException("cannot open write-ahead log in " + options.directory(), e);
        }
    }

    public WalRecovery recovery() {
        return recovery;
    }

    /** Appends one record; see {@link #append(List)}. */
    public long append(byte[] payload) throws WalFullException {
        return append(List.of(payload));
    }

    /**
     * Appends the records with consecutive LSNs and returns the last one. They are in the page cache,
     * not yet durable: wait with {@link #awaitDurable} before acknowledging them.
     *
     * @throws WalFullException when they would take the log past its quota (nothing is written)
     * @throws WalException     when the log's files cannot be written; nothing of the records is left in the
     *                          log, and a later append tries again
     */
    public long append(List<byte[]> payloads) throws WalFullException {
        int total = frameBytes(payloads);
        long last;
        appendLock.lock();
        try {
            checkUsable();
            if (!makeRoom(total)) {
                throw new WalFullException("write-ahead log " + options.directory() + " is at its quota of "
                        + options.quotaBytes() + " bytes");
            }
            if (needFreshSegment || (activeBytes > 0 && activeBytes + total > options.segmentBytes())) {
                startSegment(nextLsn);
            }
            ByteBuffer frames = ByteBuffer.allocate(total);
            long lsn = nextLsn;
            for (byte[] payload : payloads) {
                Frame.write(frames, lsn++, payload);
            }
            frames.flip();
            long start = activeBytes;
            long position = start;
            try {
                while (frames.hasRemaining()) {
                    position += active.write(frames, position);
                }
            } catch (IOException e) {
                // Nothing of this request may stay behind: a restart would replay its whole frames.
                cutBack(start);
                throw fault("append", e);
            }
            activeBytes = position;
            lastAppendOffset = start;
            lastAppendFirstLsn = nextLsn;
            lastAppendPreviousLsn = writtenLsn;
            nextLsn = lsn;
            last = lsn - 1;
            writtenLsn = last;
            cleared(false);
        } catch (IOException e) {
            throw fault("start a segment", e);
        } finally {
            appendLock.unlock();
        }
        LockSupport.unpark(syncer);
        return last;
    }

    /**
     * Whether {@code payloads} would fit within the quota now. Space only grows while nobody else appends,
     * so a caller that keeps other appenders out (the lanes' order locks) can check several logs before
     * appending to any of them.
     */
    public boolean hasRoom(List<byte[]> payloads) {
        int total = frameBytes(payloads);
        appendLock.lock();
        try {
            checkUsable();
            return makeRoom(total);
        } catch (IOException e) {
            throw fault("start a segment", e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Takes back the newest append, whose first LSN is given, when the request it belongs to was refused
     * before any of it was acknowledged or handed on. Its frames are cut off and its LSNs never used again.
     *
     * @throws IllegalStateException when another append came after it
     */
    public void retract(long firstLsn) {
        appendLock.lock();
        try {
            if (cuts.contains(firstLsn)) {
                // A failed fsync cut it (and what came after it) already.
                return;
            }
            if (firstLsn != lastAppendFirstLsn) {
                throw new IllegalStateException("only the newest append can be retracted");
            }
            long last = writtenLsn;
            cutBack(lastAppendOffset);
            // Not firstLsn - 1: that LSN may itself have been skipped by an earlier cut.
            writtenLsn = lastAppendPreviousLsn;
            syncedLsn = Math.min(syncedLsn, writtenLsn);
            skip(firstLsn, last);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Marks records that were refused after their append (their request timed out, or another lane's part of
     * it failed) so they are never stored; they stay in the file, but storage's applied position moves past
     * them once the lane skipped them.
     *
     * @param onlyIfNotDurable when true, records that are durable by now are left alone (the caller then
     *                         answers the request as accepted after all)
     * @return true when they were marked
     */
    public boolean discard(long firstLsn, long lastLsn, boolean onlyIfNotDurable) {
        durableLock.lock();
        try {
            if (onlyIfNotDurable && durableLsn >= lastLsn && !cuts.contains(lastLsn)) {
                return false;
            }
            cuts.add(firstLsn, lastLsn);
            durableAdvanced.signalAll();
            return true;
        } finally {
            durableLock.unlock();
        }
    }

    /** Whether the record with this LSN was cut or discarded: it must not be stored. */
    public boolean isCut(long lsn) {
        return cuts.contains(lsn);
    }

    /**
     * Waits until the record with this LSN is on disk.
     *
     * @return false when the timeout passed first
     * @throws WalException when the record was cut (its fsync failed) and will never be durable
     */
    public boolean awaitDurable(long lsn, Duration timeout) throws InterruptedException {
        if (durableLsn >= lsn && !cuts.any()) {
            return true;
        }
        long nanos = timeout.toNanos();
        durableLock.lock();
        try {
            while (true) {
                if (cuts.contains(lsn)) {
                    WalException fault = syncFault;
                    throw fault != null ? fault
                            : new WalException("write-ahead log " + options.directory() + " cut record " + lsn, null);
                }
                if (durableLsn >= lsn) {
                    return true;
                }
                if (closed) {
                    throw new WalException("write-ahead log " + options.directory() + " is closed", null);
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = durableAdvanced.awaitNanos(nanos);
            }
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * Waits (at most {@code timeout}) until the record with this LSN is settled: durable, or cut.
     *
     * @return whether it settled in time
     */
    public boolean awaitSettled(long lsn, Duration timeout) throws InterruptedException {
        if (durableLsn >= lsn) {
            return true;
        }
        long nanos = timeout.toNanos();
        durableLock.lock();
        try {
            while (durableLsn < lsn && !cuts.contains(lsn)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = durableAdvanced.awaitNanos(nanos);
            }
            return true;
        } finally {
            durableLock.unlock();
        }
    }

    /** Wakes whoever waits in {@link #awaitSettled}, for a caller whose own conditions changed. */
    public void wakeWaiters() {
        durableLock.lock();
        try {
            durableAdvanced.signalAll();
        } finally {
            durableLock.unlock();
        }
    }

    public long durableLsn() {
        return durableLsn;
    }

    /** The LSN the next append's first record gets (LSNs skipped by a cut are never handed out again). */
    public long nextLsn() {
        appendLock.lock();
        try {
            return nextLsn;
        } finally {
            appendLock.unlock();
        }
    }

    /** The LSN of the newest appended record (durable or not). */
    public long lastLsn() {
        return writtenLsn;
    }

    public long sizeBytes() {
        appendLock.lock();
        try {
            return closedBytes + activeBytes;
        } finally {
            appendLock.unlock();
        }
    }

    public int segmentCount() {
        appendLock.lock();
        try {
            return closedSegmentBytes.size() + 1;
        } finally {
            appendLock.unlock();
        }
    }

    public long quotaBytes() {
        return options.quotaBytes();
    }

    /** Why the latest write or fsync failed, while the log has not written or synced successfully since. */
    public Optional<WalException> failure() {
        WalException sync = syncFault;
        return Optional.ofNullable(sync != null ? sync : writeFault);
    }
    /**
     * Deletes the segments whose records are all at or below {@code appliedLsn}: storage has them.
     * The active segment always stays.
     */
    public void release(long appliedLsn) {
        appendLock.lock();
        try {
            releaseLocked(appliedLsn);
        } finally {
            appendLock.unlock();
        }
    }

    private void releaseLocked(long appliedLsn) {
        releasedLsn = Math.max(releasedLsn, appliedLsn);
        try {
            List<Long> deletable = new ArrayList<>();
            Long[] firsts = closedSegmentBytes.keySet().toArray(Long[]::new);
            for (int i = 0; i < firsts.length; i++) {
                long nextFirst = i + 1 < firsts.length ? firsts[i + 1] : activeFirstLsn;
                if (nextFirst - 1 <= appliedLsn) {
                    deletable.add(firsts[i]);
                }
            }
            for (long first : deletable) {
                Files.deleteIfExists(SegmentFiles.path(options.directory(), first));
                closedBytes -= closedSegmentBytes.remove(first);
            }
            if (!deletable.isEmpty()) {
                SegmentFiles.syncDirectory(options.directory());
            }
        } catch (IOException e) {
            // Not fatal: the segment is read again after a restart and its records skipped as applied.
            LOG.log(System.Logger.Level.WARNING, "could not delete applied WAL segments in " + options.directory(), e);
        }
    }

    /**
     * Reads the records after {@code afterLsn}, up to the newest appended when this is called, oldest first.
     * Segments deleted by a concurrent {@link #release} must not hold records the caller still needs.
     */
    public List<WalRecord> readAfter(long afterLsn, int maxRecords) {
        record Span(long firstLsn, long bytes) {
        }
        List<Span> spans = new ArrayList<>();
        appendLock.lock();
        try {
            closedSegmentBytes.forEach((first, bytes) -> spans.add(new Span(first, bytes)));
            spans.add(new Span(activeFirstLsn, activeBytes));
        } finally {
            appendLock.unlock();
        }
        List<WalRecord> out = new ArrayList<>();
        ReadPosition resume = readPosition;
        for (int i = 0; i < spans.size() && out.size() < maxRecords; i++) {
            Span span = spans.get(i);
            long nextFirst = i + 1 < spans.size() ? spans.get(i + 1).firstLsn() : Long.MAX_VALUE;
            if (nextFirst - 1 <= afterLsn) {
                continue;
            }
            Path file = SegmentFiles.path(options.directory(), span.firstLsn());
            // Resume where the last read of this segment stopped when nothing before that point is wanted: a
            // reader following the log (the lanes' replay) would otherwise rescan the segment from its start
            // on every call. A segment cut back below that point is read from its start again.
            boolean resumable = resume != null && resume.segmentFirstLsn() == span.firstLsn()
                    && resume.nextLsn() - 1 <= afterLsn && resume.offset() <= span.bytes();
            long startOffset = resumable ? resume.offset() : 0;
            long startLsn = resumable ? resume.nextLsn() : span.firstLsn();
            try (SegmentScanner scanner = new SegmentScanner(file, startOffset, span.bytes(), startLsn)) {
                while (out.size() < maxRecords) {
                    SegmentScanner.Step step = scanner.next();
                    if (step instanceof SegmentScanner.Step.Record r) {
                        if (r.record().lsn() > afterLsn) {
                            out.add(r.record());
                        }
                    } else if (step instanceof SegmentScanner.Step.Bad bad) {
                        throw new WalException("WAL segment " + file + " unreadable at offset " + bad.offset()
                                + ": " + bad.reason(), null);
                    } else {
                        break;
                    }
                }
                readPosition = new ReadPosition(span.firstLsn(), scanner.expectedLsn(), scanner.validEnd());
            } catch (IOException e) {
                throw new WalException("cannot read WAL segment " + file, e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(syncer);
        try {
            syncer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendLock.lock();
        try {
            synchronized (forceLock) {
                if (active.isOpen()) {
                    active.force();
                    markDurable(writtenLsn);
                    active.close();
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing WAL " + options.directory() + ": " + e);
            cutUnsynced(e);
        } finally {
            appendLock.unlock();
            wakeWaiters();
        }
    }

    private void syncLoop() {
        long delayNanos = options.groupCommitDelay().toNanos();
        while (true) {
            if (writtenLsn <= durableLsn) {
                if (closed) {
                    return;
                }
                LockSupport.park(this);
                continue;
            }
            if (delayNanos > 0 && !closed) {
                // Gather the appends of concurrent requests so one fsync serves them all. Every append unparks
                // this thread, so wait out the whole window rather than a single park.
                long deadline = System.nanoTime() + delayNanos;
                for (long left = delayNanos; left > 0 && !closed; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                }
            }
            SegmentChannel channel;
            long target;
            long bytes;
            long generation;
            appendLock.lock();
            try {
                channel = active;
                target = writtenLsn;
                bytes = activeBytes;
                generation = cutGeneration;
            } finally {
                appendLock.unlock();
            }
            try {
                long start = System.nanoTime();
                synchronized (forceLock) {
                    if (channel.isOpen()) {
                        channel.force();
                    }
                }
                fsyncNanosObserver.accept(System.nanoTime() - start);
                synced(channel, target, bytes, generation);
            } catch (ClosedChannelException e) {
                // A segment switch closed it after forcing it itself: the target is durable already, unless a
                // cut came first.
                markDurableUnlessCutSince(target, generation);
            } catch (IOException e) {
                appendLock.lock();
                try {
                    if (channel == active && generation == cutGeneration) {
                        cutUnsynced(e);
                    }
                } finally {
                    appendLock.unlock();
                }
                LockSupport.parkNanos(this, SYNC_RETRY_NANOS);
            }
        }
    }

    private void synced(SegmentChannel channel, long target, long bytes, long generation) {
        appendLock.lock();
        try {
            cleared(true);
            if (generation != cutGeneration) {
                // A cut or retraction came after this sync was planned, so the target may name records that
                // are gone; the next round syncs, and marks, what stays.
                return;
            }
            if (channel == active) {
                durableOffset = Math.max(durableOffset, bytes);
                syncedLsn = Math.max(syncedLsn, target);
            }
        } finally {
            appendLock.unlock();
        }
        markDurable(target);
    }

    private void markDurableUnlessCutSince(long lsn, long generation) {
        appendLock.lock();
        try {
            if (generation != cutGeneration) {
                return;
            }
        } finally {
            appendLock.unlock();
        }
        markDurable(lsn);
    }

    private void markDurable(long lsn) {
        durableLock.lock();
        try {
            if (lsn > durableLsn) {
                durableLsn = lsn;
            }
            durableAdvanced.signalAll();
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * Must hold appendLock. A failed fsync may have lost any frame it covered (the kernel can drop the dirty
     * pages and report the error once), so everything after the last confirmed fsync is cut: the segment is
     * truncated there, the LSNs are skipped and their waiters fail.
     */
    private void cutUnsynced(IOException cause) {
        long keptLast = Math.min(writtenLsn, syncedLsn);
        long cutLast = nextLsn - 1;
        raise(new WalException("write-ahead log " + options.directory() + " failed to fsync: " + cause, cause), true);
        if (cutLast > keptLast) {
            cutBack(durableOffset);
            writtenLsn = keptLast;
            skip(keptLast + 1, cutLast);
        }
    }

    /** Must hold appendLock. LSNs {@code first..last} are gone for good; the next append starts a new segment. */
    private void skip(long first, long last) {
        needFreshSegment = true;
        cutGeneration++;
        lastAppendFirstLsn = -1;
        discard(first, last, false);
    }

    /** Must hold appendLock. Truncates the active segment back to {@code offset}, or remembers to. */
    private void cutBack(long offset) {
        activeBytes = Math.min(activeBytes, offset);
        durableOffset = Math.min(durableOffset, offset);
        try {
            active.truncate(offset);
            repairTo = -1;
        } catch (IOException e) {
            repairTo = offset;
            LOG.log(System.Logger.Level.ERROR, "WAL " + options.directory() + ": cannot cut the segment back to "
                    + offset + " bytes (" + e + "); nothing is appended until it can");
        }
    }

    /** Must hold appendLock. Whether {@code total} more bytes fit the quota, releasing applied space first. */
    private boolean makeRoom(int total) throws IOException {
        if (closedBytes + activeBytes + total > options.quotaBytes() && activeBytes > 0 && releasedLsn >= writtenLsn) {
            // Everything is applied but the active segment, which is never deleted, still holds the space:
            // start a fresh segment so the applied one can go.
            startSegment(nextLsn);
            releaseLocked(releasedLsn);
        }
        return closedBytes + activeBytes + total <= options.quotaBytes();
    }

    /**
     * Must hold appendLock. Forces the active segment and starts one whose first LSN is given. Nothing
     * changes when this fails, but a failed force of the old segment cuts what it should have synced.
     */
    private void startSegment(long firstLsn) throws IOException {
        if (active != null && active.isOpen()) {
            try {
                synchronized (forceLock) {
                    active.force();
                }
            } catch (IOException e) {
                cutUnsynced(e);
                throw e;
            }
            durableOffset = activeBytes;
            syncedLsn = writtenLsn;
            markDurable(writtenLsn);
        }
        Path file = SegmentFiles.path(options.directory(), firstLsn);
        boolean existed = Files.exists(file);
        SegmentChannel next = opener.open(file);
        try {
            SegmentFiles.syncDirectory(options.directory());
        } catch (IOException e) {
            next.close();
            if (!existed) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        if (active != null) {
            synchronized (forceLock) {
                try {
                    active.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing WAL segment in " + options.directory() + ": " + e);
                }
            }
            if (activeBytes == 0 && activeFirstLsn != firstLsn) {
                Files.deleteIfExists(SegmentFiles.path(options.directory(), activeFirstLsn));
            } else if (activeBytes > 0) {
                closedSegmentBytes.put(activeFirstLsn, activeBytes);
                closedBytes += activeBytes;
            }
        }
        active = next;
        activeFirstLsn = firstLsn;
        activeBytes = next.size();
        durableOffset = activeBytes;
        needFreshSegment = false;
        lastAppendFirstLsn = -1;
    }

    private WalRecovery recover(long minNextLsn) throws IOException {
        List<Segment> segments = SegmentFiles.list(options.directory());
        long records = 0;
        // The newest record, not nextLsn - 1: LSNs skipped by a cut (or left behind by storage) are no backlog.
        long lastRecord = minNextLsn - 1;
        long expected = segments.isEmpty() ? minNextLsn : segments.get(0).firstLsn();
        Optional<WalRecovery.Corruption> corruption = Optional.empty();
        List<Segment> kept = new ArrayList<>();
        Map<Long, Long> keptBytes = new TreeMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            // A segment may start past the previous one's end (LSNs jumped forward to follow storage), never before.
            if (segment.firstLsn() < expected && !kept.isEmpty()) {
                corruption = Optional.of(cutTail(segments, i, segment.path(), 0,
                        "segment starts at LSN " + segment.firstLsn() + ", inside the previous segment"));
                break;
            }
            expected = segment.firstLsn();
            long size = Files.size(segment.path());
            try (SegmentScanner scanner = new SegmentScanner(segment.path(), size, expected)) {
                SegmentScanner.Step step;
                while ((step = scanner.next()) instanceof SegmentScanner.Step.Record record) {
                    records++;
                    lastRecord = Math.max(lastRecord, record.record().lsn());
                }
                expected = scanner.expectedLsn();
                kept.add(segment);
                keptBytes.put(segment.firstLsn(), scanner.validEnd());
                if (step instanceof SegmentScanner.Step.Bad bad) {
                    corruption = Optional.of(cutTail(segments, i + 1, segment.path(), bad.offset(), bad.reason()));
                    try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
                        channel.truncate(bad.offset());
                        channel.force(true);
                    }
                    break;
                }
            }
        }
        corruption.ifPresent(c -> LOG.log(System.Logger.Level.WARNING,
                "WAL " + options.directory() + ": cut a torn or corrupt tail at " + c.segment() + " offset " + c.offset()
                        + " (" + c.reason() + "); " + c.deletedSegments() + " later segment(s) deleted"));

        long lastValid = expected - 1;
        nextLsn = Math.max(expected, minNextLsn);
        writtenLsn = Math.min(lastRecord, nextLsn - 1);
        durableLsn = nextLsn - 1;
        syncedLsn = writtenLsn;
        for (int i = 0; i < kept.size() - 1; i++) {
            long first = kept.get(i).firstLsn();
            closedSegmentBytes.put(first, keptBytes.get(first));
            closedBytes += keptBytes.get(first);
        }
        if (kept.isEmpty()) {
            startSegment(nextLsn);
        } else {
            Segment last = kept.get(kept.size() - 1);
            active = opener.open(last.path());
            activeFirstLsn = last.firstLsn();
            activeBytes = keptBytes.get(last.firstLsn());
            active.force();
            durableOffset = activeBytes;
            if (nextLsn != expected) {
                // Storage has applied past the log's end (the log was lost or cut): continue in a new segment
                // so LSNs stay consecutive within each segment.
                startSegment(nextLsn);
            }
        }
        return new WalRecovery(kept.isEmpty() ? 1 : kept.size(), records, Math.max(lastValid, nextLsn - 1), corruption);
    }

    private WalRecovery.Corruption cutTail(List<Segment> segments, int firstToDelete, Path segment, long offset,
                                           String reason) throws IOException {
        int deleted = 0;
        for (int j = firstToDelete; j < segments.size(); j++) {
            Files.deleteIfExists(segments.get(j).path());
            deleted++;
        }
        if (deleted > 0) {
            SegmentFiles.syncDirectory(options.directory());
        }
        return new WalRecovery.Corruption(segment, offset, reason, deleted);
    }

    private void checkUsable() {
        if (closed) {
            throw new WalException("write-ahead log " + options.directory() + " is closed", null);
        }
        if (repairTo >= 0) {
            try {
                active.truncate(repairTo);
                repairTo = -1;
            } catch (IOException e) {
                throw fault("cut a failed append off", e);
            }
        }
    }

    private static int frameBytes(List<byte[]> payloads) {
        int total = 0;
        for (byte[] payload : payloads) {
            if (payload.length > Frame.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("record of " + payload.length + " bytes is over the frame limit");
            }
            total = Math.addExact(total, Frame.frameBytes(payload.length));
        }
        return total;
    }

    /** Records a write-side fault; the log stays open and the next append retries. */
    private WalException fault(String what, IOException cause) {
        WalException e = new WalException("write-ahead log " + options.directory() + " failed to " + what + ": "
                + cause, cause);
        raise(e, false);
        return e;
    }

    /**
     * Logs a fault once, with its stack trace, when the log turns faulty; the lanes count and summarise the
     * requests refused while it lasts, so a full disk does not flood the log.
     */
    private void raise(WalException e, boolean sync) {
        boolean wasHealthy = writeFault == null && syncFault == null;
        if (sync) {
            syncFault = e;
        } else {
            writeFault = e;
        }
        if (wasHealthy) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; refusing what cannot be written, retrying with "
                    + "the next append", e);
        }
    }

    private void cleared(boolean sync) {
        WalException before = sync ? syncFault : writeFault;
        if (before == null) {
            return;
        }
        if (sync) {
            syncFault = null;
        } else {
            writeFault = null;
        }
        if (writeFault == null && syncFault == null) {
            LOG.log(System.Logger.Level.INFO, "write-ahead log {0} writes and syncs again", options.directory());
        }
    }
}
