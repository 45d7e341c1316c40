package io.fluxtap.ingestion.scrape.manager;

import io.fluxtap.ingestion.scrape.loop.ScrapeScheduler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real time: one platform timer thread fires the ticks, and each scrape runs on a platform thread of a cached pool,
 * so a slow target never delays another's tick (a loop skips a tick while its previous scrape still runs).
 *
 * <p>Not virtual threads: parsing a page is CPU-bound for seconds when the page is big (a million series), and a
 * virtual thread holds its carrier (one per core) all that time, which starved the good targets' scrapes and
 * Helidon's request threads. Platform threads are time-sliced by the OS; idle ones leave the pool after a minute.
 */
final class RealScrapeScheduler implements ScrapeScheduler, AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fluxtap-scrape-timer").daemon().factory());
    private final ExecutorService scrapes = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("fluxtap-scrape-", 0).daemon().factory());

    @Override
    public Scheduled scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        ScheduledFuture<?> future = timer.scheduleAtFixedRate(
                () -> submit(task),
                initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private void submit(Runnable task) {
        try {
            scrapes.execute(task);
        } catch (RejectedExecutionException e) {
            // Closing: the tick that raced the shutdown has nothing left to scrape for.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        scrapes.shutdownNow();
    }
}
