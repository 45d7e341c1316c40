package io.fluxtap.ingestion.scrape.config;

import io.fluxtap.api.Labels;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code global} section: the defaults every job takes unless it sets its own.
 *
 * @param scrapeInterval {@code scrape_interval}, Prometheus' default 1m
 * @param scrapeTimeout  {@code scrape_timeout}, Prometheus' default 10s
 * @param externalLabels {@code external_labels}, kept for what leaves the server (federation, remote write)
 */
public record GlobalConfig(Duration scrapeInterval, Duration scrapeTimeout, Labels externalLabels) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final GlobalConfig DEFAULT = new GlobalConfig(DEFAULT_INTERVAL, DEFAULT_TIMEOUT, Labels.EMPTY);

    public GlobalConfig {
        Objects.requireNonNull(scrapeInterval, "scrapeInterval");
        Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
        Objects.requireNonNull(externalLabels, "externalLabels");
    }
}
