package io.fluxtap.ingestion.scrape.loop;

import java.time.Duration;

/** Runs a task first after a delay and then at a fixed rate; the server's one uses real time. */
public interface ScrapeScheduler {

    /** A scheduled task; cancelling it lets a running execution finish. */
    interface Scheduled {
        void cancel();
    }

    Scheduled scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period);
}
