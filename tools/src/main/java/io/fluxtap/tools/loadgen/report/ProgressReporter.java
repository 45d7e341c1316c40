package io.fluxtap.tools.loadgen.report;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one line about the last interval while the run goes on, so a long run shows it is alive. */
public final class ProgressReporter implements AutoCloseable {

    private final RunStats stats;
    private final PrintStream out;
    private final long startNanos;
    private final ScheduledExecutorService timer;
    private long lastSent;
    private long lastNanos;

    private ProgressReporter(RunStats stats, PrintStream out, long startNanos) {
        this.stats = stats;
        this.out = out;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "loadgen-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static ProgressReporter start(RunStats stats, PrintStream out, Duration every, long startNanos) {
        ProgressReporter reporter = new ProgressReporter(stats, out, startNanos);
        reporter.timer.scheduleAtFixedRate(reporter::report, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return reporter;
    }

    private void report() {
        long now = System.nanoTime();
        long sent = stats.recordsSent();
        Histogram interval = stats.drainLatency();
        double seconds = (now - lastNanos) / 1e9;
        out.printf(Locale.ROOT, "loadgen %5.0fs: %d records sent (%.0f/s), %d accepted, %d rejected, %d failed;"
                        + " %d requests; last interval p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                (now - startNanos) / 1e9, sent, seconds > 0 ? (sent - lastSent) / seconds : 0,
                stats.recordsAccepted(), stats.recordsRejected(), stats.recordsFailed(), stats.requests(),
                interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                interval.getMaxValue() / 1000.0);
        lastSent = sent;
        lastNanos = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
