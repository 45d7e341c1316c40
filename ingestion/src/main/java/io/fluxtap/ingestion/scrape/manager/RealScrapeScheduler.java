package io.fluxtap.ingestion.scrape.manager;

import io.fluxtap.ingestion.scrape.loop.ScrapeScheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real time: one platform timer thread fires the ticks, and each scrape runs on a virtual thread of its own, so a
 * slow target never delays another's tick (a loop skips a tick while its previous scrape still runs).
 */
final class RealScrapeScheduler implements ScrapeScheduler, AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fluxtap-scrape-timer").daemon().factory());

    @Override
    public Scheduled scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        ScheduledFuture<?> future = timer.scheduleAtFixedRate(
                () -> Thread.ofVirtual().name("fluxtap-scrape").start(task),
                initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
