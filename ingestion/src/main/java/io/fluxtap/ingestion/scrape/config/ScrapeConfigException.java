package io.fluxtap.ingestion.scrape.config;

/** A scrape configuration file that cannot be used, with Prometheus' wording of why. */
public final class ScrapeConfigException extends Exception {

    public ScrapeConfigException(String message) {
        super(message);
    }

    public ScrapeConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
