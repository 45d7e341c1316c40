package io.fluxtap.storage.prometheus.head;

import io.fluxtap.api.MetricSample;
import io.fluxtap.storage.duck.CommittedMetrics;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.prometheus.series.DuckDbSeriesSource;
import io.fluxtap.storage.prometheus.series.SeriesLabels;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.series.CompiledMatchers;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.StoredSeries;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The most recent samples of every metric series in memory, as Prometheus' head block: fed with what the store has
 * committed, it answers PromQL selects over recent time without a round trip to DuckDB.
 *
 * <p>What it serves is exactly what DuckDB holds for times from {@link #coveredFromMs()} on. That needs three things:
 * every committed sample at or after that time reaches the head (appends start before the start-up load reads its
 * snapshot, and a sample older than the covered time is left to DuckDB alone); covered-from only moves forward, and
 * before samples are dropped; and it never reaches back past the metrics' retention, which DuckDB may have swept.
 *
 * <p>Bounded by a time window, counted back from the newest sample (but not from beyond the clock, so one sample
 * from the future cannot empty the head), and by a number of samples: over either bound the oldest samples go.
 * Appends and selects run side by side under a shared lock, each series guarding its own samples; dropping takes
 * the lock exclusively.
 */
public final class HeadBlock implements CommittedMetrics {

    private final long windowMs;
    private final long maxSamples;
    private final long retentionMs;
    private final Clock clock;
    /** Drop by time only once the window's start has moved this far, so a drop is not run for every batch. */
    private final long dropStepMs;

    private final Map<Long, HeadSeries> series = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<HeadSeries>>> postings = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong newestMs = new AtomicLong(Long.MIN_VALUE);
    /** Samples before this are not held (appends of them are ignored); from it on all are, once loaded. */
    private volatile long holdsFromMs = Long.MIN_VALUE;
    private volatile boolean serving;

    /**
     * @param window     the time range kept, back from the newest sample
     * @param maxSamples most samples held; beyond, the oldest tenth goes
     * @param retention  how long DuckDB keeps metrics: the head never claims times before {@code now - retention}
     */
    public HeadBlock(Duration window, long maxSamples, Duration retention, Clock clock) {
        if (window.isNegative() || window.isZero() || maxSamples <= 0) {
            throw new IllegalArgumentException("a head block needs a positive window and sample bound");
        }
        this.windowMs = window.toMillis();
        this.maxSamples = maxSamples;
        this.retentionMs = retention.toMillis();
        this.clock = clock;
        this.dropStepMs = Math.max(1, windowMs / 64);
    }

    /**
     * The first time from which the head answers exactly as DuckDB, {@link Long#MAX_VALUE} before it serves (before
     * its start-up load has finished, or after a failure).
     */
    public long coveredFromMs() {
        if (!serving) {
            return Long.MAX_VALUE;
        }
        long retained = clock.millis() - retentionMs;
        return Math.max(holdsFromMs, retained);
    }

    public long sampleCount() {
        return samples.get();
    }

    public int seriesCount() {
        return series.size();
    }

    /**
     * Called with the start-up load's lower bound before the load reads its snapshot: older samples are no longer
     * taken.
     */
    void holdFrom(long fromMs) {
        lock.writeLock().lock();
        try {
            if (fromMs > holdsFromMs) {
                holdsFromMs = fromMs;
                dropBefore(fromMs);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Marks the start-up load complete: from now on selects in the covered range are answered here. */
    void startServing() {
        serving = true;
    }

    /** After a failure the head may lack samples: reads go to DuckDB from then on. */
    void stopServing() {
        serving = false;
    }

    public boolean serving() {
        return serving;
    }

    @Override
    public void committed(List<MetricSample> batch, long[] seriesIds) {
        try {
            lock.readLock().lock();
            try {
                for (int i = 0; i < batch.size(); i++) {
                    MetricSample sample = batch.get(i);
                    add(seriesIds[i], sample.name(), sample.labels(),
                            Math.floorDiv(EpochMicros.of(sample.timestamp()), 1000L), sample.value());
                }
            } finally {
                lock.readLock().unlock();
            }
            enforceBounds();
        } catch (RuntimeException e) {
            stopServing();
            throw e;
        }
    }

    /** One sample of a series, by its id; {@code labels} (without {@code __name__}) are read for a new series only. */
    void add(long seriesId, String name, Map<?, ?> labels, long timeMs, double value) {
        if (timeMs < holdsFromMs) {
            return;
        }
        HeadSeries s = series.get(seriesId);
        if (s == null) {
            // computeIfAbsent locks the bin even when the series is there; nearly every sample's series is.
            s = series.computeIfAbsent(seriesId, id -> index(new HeadSeries(id, SeriesLabels.of(name, labels))));
        }
        samples.addAndGet(s.add(timeMs, value));
        long reference = Math.min(timeMs, clock.millis());
        newestMs.accumulateAndGet(reference, Math::max);
    }

    /** Runs {@code work} with appends allowed (the start-up load adds its rows in slices this way). */
    void appending(Runnable work) {
        lock.readLock().lock();
        try {
            work.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    private HeadSeries index(HeadSeries s) {
        s.labels.forEach((name, value) -> postings.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(s));
        return s;
    }

    /** Drops by time when the window's start has moved on, and the oldest samples when over the sample bound. */
    void enforceBounds() {
        long newest = newestMs.get();
        boolean late = newest != Long.MIN_VALUE && newest - windowMs >= holdsFromMs + dropStepMs;
        if (!late && samples.get() <= maxSamples) {
            return;
        }
        lock.writeLock().lock();
        try {
            long windowStart = newestMs.get() - windowMs;
            if (newestMs.get() != Long.MIN_VALUE && windowStart >= holdsFromMs + dropStepMs) {
                holdsFromMs = windowStart;
                dropBefore(windowStart);
            }
            if (samples.get() > maxSamples) {
                long cutoff = cutoffKeeping(maxSamples - maxSamples / 10);
                holdsFromMs = Math.max(holdsFromMs, cutoff);
                dropBefore(cutoff);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The earliest time such that at most {@code keep} samples lie at or after it (binary search over time). */
    private long cutoffKeeping(long keep) {
        long low = Long.MAX_VALUE;
        for (HeadSeries s : series.values()) {
            low = Math.min(low, s.oldest());
        }
        long high = Math.max(newestMs.get(), low) + 1;
        long total = samples.get();
        // Invariant: more than keep samples at or after low; at most keep at or after high. 64 halvings at most.
        for (int i = 0; i < 64 && high - low > 1; i++) {
            long mid = low + (high - low) / 2;
            if (total - countBefore(mid) > keep) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    private long countBefore(long timeMs) {
        long count = 0;
        for (HeadSeries s : series.values()) {
            count += s.countBefore(timeMs);
        }
        return count;
    }

    /** Under the exclusive lock: samples before the cutoff go, and with them the series left empty. */
    private void dropBefore(long cutoffMs) {
        for (HeadSeries s : series.values()) {
            samples.addAndGet(-s.dropBefore(cutoffMs));
            if (s.size() == 0) {
                series.remove(s.id);
                s.labels.forEach((name, value) -> {
                    Map<String, Set<HeadSeries>> values = postings.get(name);
                    Set<HeadSeries> posting = values == null ? null : values.get(value);
                    if (posting != null) {
                        posting.remove(s);
                        if (posting.isEmpty()) {
                            values.remove(value);
                        }
                    }
                });
            }
        }
    }

    /**
     * Every series matching all matchers with its samples in {@code [minTimeMs, maxTimeMs]}, in {@code series_id}
     * order as DuckDB answers; fails as DuckDB does beyond {@code maxLoaded} samples.
     */
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, long maxLoaded) {
        CompiledMatchers compiled = CompiledMatchers.of(matchers);
        List<HeadSeries> selected = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (HeadSeries s : candidates(matchers)) {
                if (compiled.matches(s.labels)) {
                    selected.add(s);
                }
            }
            selected.sort((a, b) -> Long.compareUnsigned(a.id, b.id));
            List<StoredSeries> out = new ArrayList<>(selected.size());
            long loaded = 0;
            for (HeadSeries s : selected) {
                HeadSeries.Range range = s.copy(minTimeMs, maxTimeMs);
                if (range == null) {
                    continue;
                }
                loaded += range.timestampsMs().length;
                if (loaded > maxLoaded) {
                    throw new PromqlException(PromqlException.ErrorType.EXECUTION,
                            DuckDbSeriesSource.TOO_MANY_SAMPLES);
                }
                out.add(new StoredSeries(s.labels, range.timestampsMs(), range.values()));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The fewest series an equality matcher with a value names (each still checked against all), else all. */
    private Collection<HeadSeries> candidates(List<LabelMatcher> matchers) {
        Collection<HeadSeries> fewest = series.values();
        int fewestSize = series.size();
        for (LabelMatcher m : matchers) {
            if (m.type() == LabelMatcher.Type.EQUAL && !m.value().isEmpty()) {
                Set<HeadSeries> named = postings.getOrDefault(m.name(), Map.of()).getOrDefault(m.value(), Set.of());
                if (named.size() < fewestSize) {
                    fewest = named;
                    fewestSize = named.size();
                }
            }
        }
        return fewest;
    }

    /** The held samples of one series' label set, for tests and diagnostics. */
    SortedMap<String, String> labelsOf(long seriesId) {
        HeadSeries s = series.get(seriesId);
        return s == null ? null : s.labels;
    }
}
