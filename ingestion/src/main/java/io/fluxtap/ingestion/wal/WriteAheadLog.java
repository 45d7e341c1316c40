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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * A lane's write-ahead log: segmented, CRC-framed, group-committed. See the package documentation for
 * the format. Appends may come from many threads at once; one sync thread makes them durable.
 */
public final class WriteAheadLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());

    private final WalOptions options;
    private final WalRecovery recovery;
    private final LongConsumer fsyncNanosObserver;

    /** Guards the segment list, the active channel and LSN assignment. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Held while an fsync or a segment switch runs, so a segment is never closed under an fsync. */
    private final Object forceLock = new Object();
    private final ReentrantLock durableLock = new ReentrantLock();
    private final Condition durableAdvanced = durableLock.newCondition();

    private final NavigableMap<Long, Long> closedSegmentBytes = new TreeMap<>();
    private long closedBytes;
    private FileChannel active;
    private long activeFirstLsn;
    private long activeBytes;
    private long nextLsn;

    private volatile long writtenLsn;
    /** The highest LSN storage has applied, as told through {@link #release}. */
    private long releasedLsn;
    private volatile long durableLsn;
    private volatile WalException failure;
    private volatile boolean closed;
    private final Thread syncer;

    private WriteAheadLog(WalOptions options, long minNextLsn, LongConsumer fsyncNanosObserver) throws IOException {
        this.options = options;
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
        try {
            return new WriteAheadLog(options, Math.max(1, minNextLsn), fsyncNanosObserver);
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
     * @throws WalException     when the log's files cannot be written (nothing more will be accepted)
     */
    public long append(List<byte[]> payloads) throws WalFullException {
        int total = 0;
        for (byte[] payload : payloads) {
            if (payload.length > Frame.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("record of " + payload.length + " bytes is over the frame limit");
            }
            total = Math.addExact(total, Frame.frameBytes(payload.length));
        }
        long last;
        appendLock.lock();
        try {
            checkUsable();
            if (closedBytes + activeBytes + total > options.quotaBytes() && activeBytes > 0 && releasedLsn >= writtenLsn) {
                // Everything is applied but the active segment, which is never deleted, still holds the space:
                // start a fresh segment so the applied one can go.
                startSegment(nextLsn);
                releaseLocked(releasedLsn);
            }
            if (closedBytes + activeBytes + total > options.quotaBytes()) {
                throw new WalFullException("write-ahead log " + options.directory() + " is at its quota of "
                        + options.quotaBytes() + " bytes");
            }
            if (activeBytes > 0 && activeBytes + total > options.segmentBytes()) {
                startSegment(nextLsn);
            }
            ByteBuffer frames = ByteBuffer.allocate(total);
            for (byte[] payload : payloads) {
                Frame.write(frames, nextLsn++, payload);
            }
            frames.flip();
            long position = activeBytes;
            while (frames.hasRemaining()) {
                position += active.write(frames, position);
            }
            activeBytes = position;
            last = nextLsn - 1;
            writtenLsn = last;
        } catch (IOException e) {
            throw fail("append", e);
        } finally {
            appendLock.unlock();
        }
        LockSupport.unpark(syncer);
        return last;
    }

    /**
     * Waits until the record with this LSN is on disk.
     *
     * @return false when the timeout passed first
     * @throws WalException when the log failed and the record may never become durable
     */
    public boolean awaitDurable(long lsn, Duration timeout) throws InterruptedException {
        if (durableLsn >= lsn) {
            return true;
        }
        long nanos = timeout.toNanos();
        durableLock.lock();
        try {
            while (durableLsn < lsn) {
                checkUsable();
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

    public long durableLsn() {
        return durableLsn;
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

    /** The failure that stopped the log, if one did. */
    public Optional<WalException> failure() {
        return Optional.ofNullable(failure);
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
        for (int i = 0; i < spans.size() && out.size() < maxRecords; i++) {
            Span span = spans.get(i);
            long nextFirst = i + 1 < spans.size() ? spans.get(i + 1).firstLsn() : Long.MAX_VALUE;
            if (nextFirst - 1 <= afterLsn) {
                continue;
            }
            Path file = SegmentFiles.path(options.directory(), span.firstLsn());
            try (SegmentScanner scanner = new SegmentScanner(file, span.bytes(), span.firstLsn())) {
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
                    active.force(false);
                    active.close();
                }
            }
            markDurable(writtenLsn);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing WAL " + options.directory(), e);
        } finally {
            appendLock.unlock();
        }
    }

    private void syncLoop() {
        long delayNanos = options.groupCommitDelay().toNanos();
        while (true) {
            if (writtenLsn == durableLsn) {
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
            FileChannel channel;
            long target;
            appendLock.lock();
            try {
                channel = active;
                target = writtenLsn;
            } finally {
                appendLock.unlock();
            }
            try {
                long start = System.nanoTime();
                synchronized (forceLock) {
                    if (channel.isOpen()) {
                        channel.force(false);
                    }
                }
                fsyncNanosObserver.accept(System.nanoTime() - start);
                markDurable(target);
            } catch (ClosedChannelException e) {
                // A segment switch closed it after forcing it itself: the target is durable already.
                markDurable(target);
            } catch (IOException e) {
                fail("fsync", e);
                return;
            }
        }
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

    /** Must hold appendLock. Forces and closes the active segment, then starts one whose first LSN is given. */
    private void startSegment(long firstLsn) throws IOException {
        if (active != null) {
            synchronized (forceLock) {
                active.force(false);
                active.close();
            }
            if (activeBytes == 0 && activeFirstLsn != firstLsn) {
                Files.deleteIfExists(SegmentFiles.path(options.directory(), activeFirstLsn));
            } else if (activeBytes > 0) {
                closedSegmentBytes.put(activeFirstLsn, activeBytes);
                closedBytes += activeBytes;
            }
            markDurable(writtenLsn);
        }
        Path file = SegmentFiles.path(options.directory(), firstLsn);
        active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        activeFirstLsn = firstLsn;
        activeBytes = active.size();
        SegmentFiles.syncDirectory(options.directory());
    }

    private WalRecovery recover(long minNextLsn) throws IOException {
        List<Segment> segments = SegmentFiles.list(options.directory());
        long records = 0;
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
                while ((step = scanner.next()) instanceof SegmentScanner.Step.Record) {
                    records++;
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
        writtenLsn = nextLsn - 1;
        durableLsn = nextLsn - 1;
        for (int i = 0; i < kept.size() - 1; i++) {
            long first = kept.get(i).firstLsn();
            closedSegmentBytes.put(first, keptBytes.get(first));
            closedBytes += keptBytes.get(first);
        }
        if (kept.isEmpty()) {
            startSegment(nextLsn);
        } else {
            Segment last = kept.get(kept.size() - 1);
            active = FileChannel.open(last.path(), StandardOpenOption.WRITE);
            activeFirstLsn = last.firstLsn();
            activeBytes = keptBytes.get(last.firstLsn());
            active.force(false);
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
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new WalException("write-ahead log " + options.directory() + " is closed", null);
        }
    }

    private WalException fail(String what, IOException cause) {
        WalException e = new WalException("write-ahead log " + options.directory() + " failed to " + what + ": " + cause, cause);
        failure = e;
        markDurable(durableLsn);
        return e;
    }
}
