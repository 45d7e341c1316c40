package io.fluxtap.ingestion.lane;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Logs a failure that repeats for every request (a full disk refuses each one) without flooding the log: the
 * first with its stack trace, then at most one summary line per interval with how often it happened, and one
 * line when it stops.
 */
final class RepeatedFailureLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private volatile boolean failing;
    private long since;
    private long windowStart;
    private long inWindow;
    private long total;

    RepeatedFailureLog(Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    synchronized void failure(String message, Throwable cause) {
        long now = nanoClock.getAsLong();
        total++;
        if (!failing) {
            failing = true;
            since = now;
            windowStart = now;
            inWindow = 0;
            log.log(Level.ERROR, message, cause);
            return;
        }
        inWindow++;
        if (now - windowStart >= intervalNanos) {
            log.log(Level.ERROR, "{0} ({1} more times in the last {2} s; the first is logged above with its cause: {3})",
                    message, Long.toString(inWindow), Long.toString(Duration.ofNanos(now - windowStart).toSeconds()),
                    cause);
            windowStart = now;
            inWindow = 0;
        }
    }

    /** Called on every success; costs one volatile read unless a failure streak just ended. */
    void success(String message) {
        if (failing) {
            ended(message);
        }
    }

    private synchronized void ended(String message) {
        if (!failing) {
            return;
        }
        failing = false;
        // Numbers as text: the log's MessageFormat would print 1000 as "1,000".
        log.log(Level.INFO, "{0} after {1} failures in {2} s", message, Long.toString(total),
                Long.toString(Duration.ofNanos(nanoClock.getAsLong() - since).toSeconds()));
        total = 0;
    }
}
