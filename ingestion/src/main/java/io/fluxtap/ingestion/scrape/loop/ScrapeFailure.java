package io.fluxtap.ingestion.scrape.loop;

/** Why a scrape failed, in Prometheus' words (the targets API's {@code lastError}); the scrape then reports up 0. */
public final class ScrapeFailure extends Exception {

    public ScrapeFailure(String message) {
        super(message);
    }

    public ScrapeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
