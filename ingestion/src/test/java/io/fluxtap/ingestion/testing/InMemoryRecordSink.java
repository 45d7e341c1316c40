package io.fluxtap.ingestion.testing;

import io.fluxtap.testing.Await;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The storage seam for tests: keeps written batches in memory, and can be told to fail (like a store that
 * is down) or to block inside write (like a stuck store). A singleton when added to a CDI container, so the
 * test sees the instance the lanes write to.
 */
@Singleton
public final class InMemoryRecordSink implements RecordSink {

    private final List<RecordBatch> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger writeAttempts = new AtomicInteger();
    private final AtomicInteger openedWriters = new AtomicInteger();
    private final AtomicInteger closedWriters = new AtomicInteger();
    private volatile boolean failing;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger blockedWriters = new AtomicInteger();

    @Override
    public long appliedWalLsn(Lane lane) {
        return batches.stream().filter(b -> b.lane() == lane).mapToLong(RecordBatch::walLsn).max()
                .orElse(RecordBatch.NO_WAL);
    }

    @Override
    public Writer openWriter(Lane lane) {
        openedWriters.incrementAndGet();
        return new Writer() {
            @Override
            public void write(RecordBatch batch) {
                writeAttempts.incrementAndGet();
                awaitGate();
                if (failing) {
                    throw new StoreException("store is down (test)", null);
                }
                batches.add(batch);
            }

            @Override
            public void close() {
                closedWriters.incrementAndGet();
            }
        };
    }

    /** Starts this store with what another one holds, as a restarted process finds its database. */
    public void seed(List<RecordBatch> stored) {
        batches.addAll(stored);
    }

    public void failing(boolean fail) {
        this.failing = fail;
    }

    /** Makes writes wait inside the store until {@link #unblock()}. */
    public void block() {
        gate = new CountDownLatch(1);
    }

    public void unblock() {
        gate.countDown();
    }

    public List<RecordBatch> batches() {
        return List.copyOf(batches);
    }

    public List<LogRecord> records() {
        List<LogRecord> all = new ArrayList<>();
        batches.forEach(batch -> all.addAll(batch.logs()));
        return all;
    }

    public int writeAttempts() {
        return writeAttempts.get();
    }

    /** How many writes are waiting at the gate right now. */
    public int blockedWriters() {
        return blockedWriters.get();
    }

    public int openedWriters() {
        return openedWriters.get();
    }

    public int closedWriters() {
        return closedWriters.get();
    }

    public void awaitRecords(int count, Duration timeout) {
        Await.until(() -> records().size() >= count, timeout,
                () -> "expected " + count + " stored records, have " + records().size());
    }

    private void awaitGate() {
        CountDownLatch current = gate;
        if (current.getCount() == 0) {
            return;
        }
        blockedWriters.incrementAndGet();
        try {
            if (!current.await(30, TimeUnit.SECONDS)) {
                throw new StoreException("test gate never opened", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted at the test gate", e);
        } finally {
            blockedWriters.decrementAndGet();
        }
    }
}
