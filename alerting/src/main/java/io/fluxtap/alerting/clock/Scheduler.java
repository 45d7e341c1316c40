package io.fluxtap.alerting.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time for the dispatcher, the notification pipeline, silences and the alert store, so tests
 * drive them in virtual time ({@link VirtualScheduler}) and the server in real time ({@link RealScheduler}).
 */
public interface Scheduler {

    Instant now();

    /** Runs {@code task} once, {@code delay} from now (a zero or negative delay: as soon as possible). */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} every {@code interval} (first one interval from now) until the handle is cancelled: the
     * maintenance of silences, notification log and alert store (their {@code gc()}).
     */
    default Cancellable every(Duration interval, Runnable task) {
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        final class Repeating implements Runnable, Cancellable {
            private Cancellable next;
            private boolean cancelled;

            @Override
            public void run() {
                task.run();
                synchronized (this) {
                    if (!cancelled) {
                        next = schedule(interval, this);
                    }
                }
            }

            @Override
            public synchronized void cancel() {
                cancelled = true;
                next.cancel();
            }

            synchronized Repeating start() {
                next = schedule(interval, this);
                return this;
            }
        }
        return new Repeating().start();
    }

    /** Waits {@code duration} on the calling thread (the retry backoff). */
    void sleep(Duration duration) throws InterruptedException;

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not started; no effect afterwards. */
        void cancel();
    }
}
