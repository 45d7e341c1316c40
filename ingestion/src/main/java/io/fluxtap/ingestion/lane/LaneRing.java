package io.fluxtap.ingestion.lane;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.fluxtap.api.Lane;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One lane: a multi-producer Disruptor ring drained by a single consumer thread that writes batches to the
 * store through its own {@link RecordSink.Writer}.
 *
 * <p>Producers publish a request's records as one contiguous claim, so a request either enters the ring
 * whole or not at all and its records reach the store in order, possibly split over batches. Only a request
 * with more records than the ring has slots is published in ring-sized parts.
 */
public final class LaneRing {

    private static final Logger LOG = System.getLogger(LaneRing.class.getName());
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final Duration CONSUMER_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Lane lane;
    private final RingSettings settings;
    private final RingBuffer<RecordEvent> ring;
    private final LaneConsumer consumer;
    private final BatchEventProcessor<RecordEvent> processor;
    private final AtomicInteger publishing = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private volatile boolean closed;
    private Thread consumerThread;
    private boolean drained;

    /** Told, on the consumer thread, about each batch the store committed. */
    public interface StoredListener {
        void stored(RecordBatch batch);
    }

    /**
     * Decides, on the consumer thread, when a record that came through a write-ahead log may be stored: not
     * before it is durable (an fsync that fails cuts it, and its sender was refused), and never when it was cut.
     */
    public interface StoreGate {
        /**
         * Waits until the record with this LSN may be stored or skipped.
         *
         * @return an LSN at least {@code lsn} up to which every record is settled, or -1 when the timeout passed
         */
        long awaitSettled(long lsn, Duration timeout) throws InterruptedException;

        /** Whether the record must not be stored. */
        boolean skip(long lsn);
    }

    public LaneRing(Lane lane, RingSettings settings, RecordSink sink, StoredListener onStored) {
        this(lane, settings, sink, onStored, () -> false, null);
    }

    /**
     * @param yieldWhile while this answers true the consumer holds its next write back (for a bounded
     *                   time), so lanes of higher priority get the store first
     * @param gate       for a ring fed from a write-ahead log; null for one whose records carry no LSN
     */
    public LaneRing(Lane lane, RingSettings settings, RecordSink sink, StoredListener onStored, BooleanSupplier yieldWhile,
                    StoreGate gate) {
        this.lane = Objects.requireNonNull(lane, "lane");
        this.settings = Objects.requireNonNull(settings, "settings");
        // The consumer blocks on a lock while idle: the JVM shares its few cores with DuckDB and the UI.
        this.ring = RingBuffer.createMultiProducer(RecordEvent::new, settings.ringSize(), new BlockingWaitStrategy());
        this.consumer = new LaneConsumer(lane, Objects.requireNonNull(sink, "sink"), settings, onStored, yieldWhile,
                gate);
        this.processor = new BatchEventProcessorBuilder()
                .setMaxBatchSize(settings.maxBatch())
                .build(ring, ring.newBarrier(), consumer);
        // Disruptor's default handler ends the consumer thread on any exception, which would leave the lane
        // full and refusing every request; store failures never get here (the consumer retries them).
        processor.setExceptionHandler(new LoggingExceptionHandler(lane));
        ring.addGatingSequences(processor.getSequence());
    }

    public Lane lane() {
        return lane;
    }

    /** Starts the consumer thread; records published before this wait in the ring. */
    public synchronized void start() {
        if (consumerThread != null || drained) {
            return;
        }
        consumerThread = Thread.ofPlatform()
                .name("fluxtap-lane-" + lane.label())
                .daemon(true)
                .start(processor);
    }

    /**
     * Offers a request's records, waiting up to the publish timeout for room.
     *
     * @return {@link PublishResult#ACCEPTED} when every record is in the ring
     */
    public PublishResult publish(List<? extends IngestRecord> records) {
        publishing.incrementAndGet();
        try {
            // Checked after announcing ourselves: drain() closes first and then waits for publishing == 0,
            // so a producer either sees the lane closed or is waited for.
            if (closed) {
                return PublishResult.CLOSED;
            }
            // Checked before claiming: a claimed slot must be published, and a null would break the consumer.
            for (IngestRecord record : records) {
                Objects.requireNonNull(record, "records must not contain null");
            }
            long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
            int offset = 0;
            while (offset < records.size()) {
                int count = Math.min(records.size() - offset, settings.ringSize());
                long last = claim(count, deadline);
                if (last < 0) {
                    if (offset > 0) {
                        LOG.log(Level.WARNING, "lane {0}: a request of {1} records, larger than the ring, was cut off "
                                + "after {2} records", lane, records.size(), offset);
                    }
                    return closed ? PublishResult.CLOSED : PublishResult.OVERLOADED;
                }
                long first = last - count + 1;
                try {
                    for (long sequence = first; sequence <= last; sequence++) {
                        ring.get(sequence).set(records.get(offset++), RecordBatch.NO_WAL);
                    }
                } finally {
                    ring.publish(first, last);
                }
                accepted.add(count);
            }
            return PublishResult.ACCEPTED;
        } finally {
            publishing.decrementAndGet();
        }
    }

    /**
     * Puts the records into the ring with consecutive WAL sequence numbers starting at {@code firstLsn} (or
     * none, for {@code RecordBatch.NO_WAL}), all of them or none, without waiting: a durable lane that finds
     * no room keeps them in its WAL instead, the telemetry lane drops them.
     *
     * @return false when they do not fit now (or ever: more records than slots), or the lane is closed
     */
    public boolean offer(List<? extends IngestRecord> records, long firstLsn) {
        if (records.isEmpty()) {
            return true;
        }
        if (records.size() > settings.ringSize()) {
            return false;
        }
        // Checked before claiming: a claimed slot must be published, or the consumer waits for it for ever.
        for (IngestRecord record : records) {
            Objects.requireNonNull(record, "records must not contain null");
        }
        publishing.incrementAndGet();
        try {
            if (closed) {
                return false;
            }
            long last;
            try {
                last = ring.tryNext(records.size());
            } catch (InsufficientCapacityException full) {
                return false;
            }
            long first = last - records.size() + 1;
            try {
                for (int i = 0; i < records.size(); i++) {
                    long lsn = firstLsn == RecordBatch.NO_WAL ? RecordBatch.NO_WAL : firstLsn + i;
                    ring.get(first + i).set(records.get(i), lsn);
                }
            } finally {
                // As the Disruptor's translators do: whatever happened, the claimed slots are published.
                ring.publish(first, last);
            }
            accepted.add(records.size());
            return true;
        } finally {
            publishing.decrementAndGet();
        }
    }

    public boolean closed() {
        return closed;
    }

    public int ringSize() {
        return settings.ringSize();
    }

    /** Records published or claimed and not yet stored: work this lane still has. */
    public long pending() {
        return publishing.get() + backlog();
    }

    /**
     * Stops accepting records, waits until the consumer has stored everything in the ring (at most
     * {@code timeout}), then stops the consumer and closes its writer.
     *
     * @return true when the ring was emptied; false when records were left behind
     */
    public synchronized boolean drain(Duration timeout) {
        return drain(timeout, false);
    }

    /**
     * As {@link #drain(Duration)}, for a ring whose records are also in a write-ahead log: what the drain
     * leaves behind is replayed at the next start, so it is reported as kept, not as lost.
     */
    public synchronized boolean drainKeepingLeftovers(Duration timeout) {
        return drain(timeout, true);
    }

    private boolean drain(Duration timeout, boolean leftoversKept) {
        consumer.leftoversKept(leftoversKept);
        if (drained) {
            return true;
        }
        drained = true;
        closed = true;
        if (consumerThread == null) {
            boolean empty = publishing.get() == 0 && backlog() == 0;
            if (!empty) {
                LOG.log(leftoversKept ? Level.INFO : Level.ERROR, "lane {0}: closed before it started; {1} records "
                        + (leftoversKept ? "stay in the write-ahead log" : "were not stored"), lane, backlog());
            }
            consumer.onShutdown();
            return empty;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean empty = awaitEmpty(deadline);
        if (!empty) {
            LOG.log(leftoversKept ? Level.INFO : Level.ERROR, "lane {0}: drain timed out after {1} ms with {2} records "
                    + (leftoversKept ? "not stored yet; they stay in the write-ahead log" : "not stored"),
                    lane, timeout.toMillis(), backlog());
            consumer.abandon();
            LockSupport.unpark(consumerThread);
        }
        processor.halt();
        try {
            if (!consumerThread.join(CONSUMER_STOP_TIMEOUT)) {
                LOG.log(Level.ERROR, "lane {0}: the consumer thread did not stop", lane);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return empty;
    }

    public LaneSnapshot snapshot() {
        return new LaneSnapshot(lane, settings.ringSize(), ring.remainingCapacity(), accepted.sum(),
                consumer.stored(), consumer.failures(), consumer.failing(), closed, java.util.Optional.empty());
    }

    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** Returns the highest claimed sequence, or -1 when the deadline passed or the lane closed. */
    private long claim(int count, long deadline) {
        long park = MIN_PARK_NANOS;
        while (true) {
            try {
                return ring.tryNext(count);
            } catch (InsufficientCapacityException full) {
                if (closed || System.nanoTime() - deadline >= 0) {
                    return -1;
                }
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, MAX_PARK_NANOS);
            }
        }
    }

    private boolean awaitEmpty(long deadline) {
        while (publishing.get() > 0 || backlog() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /** Records published or claimed but not yet stored. */
    private long backlog() {
        return ring.getCursor() - processor.getSequence().get();
    }
}
