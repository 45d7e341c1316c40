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

    /** Waits {@code duration} on the calling thread (the retry backoff). */
    void sleep(Duration duration) throws InterruptedException;

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not started; no effect afterwards. */
        void cancel();
    }
}
