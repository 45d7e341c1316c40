package io.fluxtap.alerting.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wall-clock time for the server. One timer thread only hands due tasks over to a pool of platform worker threads:
 * a flush may block for a whole group_interval retrying a notifier, and must not hold up the other groups' timers.
 * Platform threads, not virtual ones: notifiers and the notification log may make native (DuckDB) calls, which pin a
 * virtual thread's carrier (DEVELOPERS.md).
 */
public final class RealScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RealScheduler.class.getName());

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    public RealScheduler(Clock clock, String threadPrefix) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads(threadPrefix + "-timer"));
        this.workers = Executors.newCachedThreadPool(threads(threadPrefix));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        var future = timer.schedule(() -> workers.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "alerting task failed", e);
            }
        }), nanos(delay), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    // A delay beyond ~292 years (a repeat_interval of "100y") does not fit in nanoseconds: it never comes.
    private static long nanos(Duration delay) {
        if (delay.isNegative()) {
            return 0;
        }
        return delay.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : delay.toNanos();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isPositive()) {
            TimeUnit.NANOSECONDS.sleep(nanos(duration));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
