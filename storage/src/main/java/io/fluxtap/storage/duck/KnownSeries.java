package io.fluxtap.storage.duck;

import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The series ids this process has seen committed to {@code metric_series}, so a write of samples of a known series
 * skips the series upsert (a scratch table and an {@code INSERT ... ON CONFLICT} per batch, the main cost of small
 * metric batches such as the alerting rules' {@code ALERTS} output). Only ids whose transaction committed are added;
 * retention prunes series {@link #pruning while no append is in flight}, forgetting them all first, so a pruned series
 * is inserted again by the next write of it, and a sample committed just before the prune keeps its series (since
 * V11 a sample's labels live only in {@code metric_series}, so a series row lost under a sample cannot be rebuilt). Bounded: when {@link #MAX_IDS} ids are held the set starts over empty, which costs upserts,
 * never correctness. A primitive open-addressing set (8 bytes an id at most twice over), synchronized: its
 * operations are a few probes, far shorter than the DuckDB calls around them.
 */
public final class KnownSeries {

    /** About 16 MiB of table at the most. */
    public static final int MAX_IDS = 1 << 20;
    private static final int INITIAL_SLOTS = 1 << 12;

    /** Read side: writers appending samples (many at once); write side: a prune of {@code metric_series}. */
    private final ReentrantReadWriteLock appendsAndPrunes = new ReentrantReadWriteLock();
    private long[] slots = new long[INITIAL_SLOTS];
    private int size;
    /** 0 marks an empty slot, so the id 0 is kept aside. */
    private boolean hasZero;

    public synchronized boolean contains(long id) {
        if (id == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == id) {
                return true;
            }
            if (slot == 0) {
                return false;
            }
        }
    }

    /** Adds the ids of a committed batch. */
    public synchronized void addAll(long[] ids) {
        for (long id : ids) {
            add(id);
        }
    }

    private void add(long id) {
        if (id == 0) {
            hasZero = true;
            return;
        }
        if (size >= MAX_IDS) {
            clear();
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (insert(slots, id)) {
            size++;
        }
    }

    private static boolean insert(long[] table, long id) {
        int mask = table.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            if (table[i] == id) {
                return false;
            }
            if (table[i] == 0) {
                table[i] = id;
                return true;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long id : slots) {
            if (id != 0) {
                insert(bigger, id);
            }
        }
        slots = bigger;
    }

    /** Forgets every id. */
    public synchronized void forget() {
        clear();
    }

    /**
     * Held by a writer from before its first {@link #contains} until its committed ids are {@linkplain #addAll added}:
     * a prune waits for it, so it sees that transaction's samples, and the writer's next check follows the prune.
     */
    public Lock appending() {
        return appendsAndPrunes.readLock();
    }

    /** A statement deleting series rows no sample names; its count of rows deleted. */
    @FunctionalInterface
    public interface Prune {
        long run() throws SQLException;
    }

    /**
     * Runs {@code prune} with no append in flight, every id forgotten first; keep it short (appends wait for it), e.g.
     * a recheck against the hot table of candidates found beforehand.
     */
    public long pruning(Prune prune) throws SQLException {
        Lock lock = appendsAndPrunes.writeLock();
        lock.lock();
        try {
            forget();
            return prune.run();
        } finally {
            lock.unlock();
        }
    }

    public synchronized int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void clear() {
        slots = new long[INITIAL_SLOTS];
        size = 0;
        hasZero = false;
    }

    private static int mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
