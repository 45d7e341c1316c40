package io.fluxtap.api.scrape;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One scrape target and how its last scrape went.
 *
 * @param job                the scrape pool ({@code job_name})
 * @param url                the address scraped
 * @param health             {@code up}, {@code down}, or {@code unknown} before the first scrape
 * @param labels             the target's labels after relabelling ({@code job}, {@code instance}, ...)
 * @param lastScrape         when the last scrape started, or null before the first
 * @param lastScrapeDuration how long it took
 * @param lastError          why it failed, empty when it did not
 * @param interval           the target's scrape interval
 */
public record TargetEntry(String job, String url, String health, Map<String, String> labels, Instant lastScrape,
                          Duration lastScrapeDuration, String lastError, Duration interval) {

    public TargetEntry {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(health, "health");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        lastScrapeDuration = Objects.requireNonNullElse(lastScrapeDuration, Duration.ZERO);
        lastError = Objects.requireNonNullElse(lastError, "");
        Objects.requireNonNull(interval, "interval");
    }
}
