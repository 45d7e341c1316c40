package io.fluxtap.ui.views;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Logs page's live tail: once a second, off the UI thread, it asks the page's {@link LogQuery} for the matching
 * records from the newest shown on, and hands what is new to the page under the session lock, which Vaadin then
 * pushes to the browser (the page turns push on while it is shown). Paused, it keeps asking but only counts what
 * waits, so the page can say so; resumed, it adds what arrived meanwhile at once.
 *
 * <p>One per page, between attach and detach; every method but {@link #tick} runs under the UI's session lock.
 * Each {@link #restart} starts a new generation, and an answer to an older one is dropped, so a filter change never
 * shows records of the previous filter.
 */
final class LiveTail {

    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(LiveTail.class.getName());

    /** What the tail tells its page, always under the session lock. */
    interface Listener {
        /** New records were put on top of {@link #records()}. */
        void added();

        /** More new records came than the tail keeps: the page should search afresh. */
        void overflowed();

        /** While paused: {@code count} new records wait ({@code more}: at least that many). */
        void waiting(int count, boolean more);

        void failed(RuntimeException error);
    }

    /** The search of one generation; {@code from} moves along with the newest shown record. */
    private record Target(long generation, LogSearch search) {
    }

    private final LogQuery logs;
    private final int keep;
    private final Listener listener;
    private volatile Target target;
    private long generation;
    private TailBuffer buffer;
    private boolean paused;
    private UI ui;
    private ScheduledExecutorService ticks;

    LiveTail(LogQuery logs, int keep, Listener listener) {
        this.logs = logs;
        this.keep = keep;
        this.listener = listener;
        this.buffer = new TailBuffer(keep, List.of());
    }

    void attach(UI ui) {
        this.ui = ui;
        ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("fluxtap-logs-tail-", 0).factory());
        ticks.scheduleWithFixedDelay(this::tick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    void detach() {
        if (ticks != null) {
            ticks.shutdownNow();
            ticks = null;
        }
        ui = null;
    }

    /**
     * Starts a tail above {@code shown} (the page's records, newest first) for {@code filter}; null stops it.
     *
     * @param filter the page's search: its {@code from} is where the tail starts while nothing is shown, its
     *               {@code to} and limit are ignored
     */
    void restart(LogSearch filter, List<LogRecord> shown) {
        generation++;
        buffer = new TailBuffer(keep, shown);
        target = filter == null ? null : new Target(generation, next(filter));
    }

    boolean running() {
        return target != null;
    }

    boolean paused() {
        return paused;
    }

    void pause() {
        paused = true;
    }

    /** Adds what arrived while paused at once instead of at the next tick. */
    void resume() {
        paused = false;
        if (ticks != null) {
            ticks.execute(this::tick);
        }
    }

    /** The records the tail added, newest first. */
    List<LogRecord> records() {
        return buffer.records();
    }

    int size() {
        return buffer.size();
    }

    /** The same round on the page's poll, which holds the lock already (a browser that polls needs no push). */
    void catchUp() {
        Target asked = target;
        if (asked == null) {
            return;
        }
        try {
            apply(asked, logs.search(asked.search()));
        } catch (RuntimeException e) {
            listener.failed(e);
        }
    }

    /** One round: search off the UI thread, apply under the lock. */
    private void tick() {
        Target asked = target;
        UI page = ui;
        if (asked == null || page == null) {
            return;
        }
        try {
            List<LogRecord> found = logs.search(asked.search());
            page.access(() -> apply(asked, found));
        } catch (UIDetachedException e) {
            // The page closed between the search and the answer; detach stops the ticks.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Live tail search failed", e);
            try {
                page.access(() -> {
                    if (asked.generation() == generation) {
                        listener.failed(e);
                    }
                });
            } catch (UIDetachedException closed) {
                // as above
            }
        }
    }

    private void apply(Target asked, List<LogRecord> found) {
        if (asked.generation() != generation) {
            return;
        }
        List<LogRecord> fresh = buffer.fresh(found);
        if (paused) {
            listener.waiting(fresh.size(), found.size() >= asked.search().limit());
            return;
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (!buffer.fits(fresh.size())) {
            listener.overflowed();
            return;
        }
        buffer.add(fresh);
        target = new Target(generation, next(asked.search()));
        listener.added();
    }

    /** From the newest shown record on, open-ended, enough rows to see past what is shown at that timestamp. */
    private LogSearch next(LogSearch filter) {
        int limit = Math.min(LogSearch.MAX_LIMIT, keep + 1 + buffer.atSince());
        return new LogSearch(filter.entityName(), filter.levels(), filter.contains(),
                buffer.since() == null ? filter.from() : buffer.since(), null, limit, filter.query());
    }
}
