package io.fluxtap.ingestion.scrape.discovery;

import io.fluxtap.api.Labels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One target to scrape.
 *
 * @param job              the job (scrape pool) it belongs to
 * @param labels           the labels its series get: the relabelled set without labels starting {@code __}
 * @param discoveredLabels the set before relabelling, as the targets API shows it
 * @param url              the scrape URL (scheme, address, metrics path, parameters after relabelling)
 * @param interval         how often it is scraped ({@code __scrape_interval__} after relabelling)
 * @param timeout          how long one scrape may take ({@code __scrape_timeout__} after relabelling)
 */
public record Target(String job, Labels labels, Labels discoveredLabels, URI url, Duration interval,
                     Duration timeout) {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public Target {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(discoveredLabels, "discoveredLabels");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The identity of the target within its pool, as Prometheus hashes it: FNV-1a over the label set's hash written
     * as 16 digits and the URL. Two targets with the same labels and URL are one target.
     */
    public long hash() {
        long hash = FNV_OFFSET;
        byte[] text = (String.format("%016d", Long.remainderUnsigned(labels.fingerprint(), 10_000_000_000_000_000L))
                + url).getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /**
     * How long from {@code nowNanos} until this target's first scrape: the hash picks a fixed point within the
     * interval, pinned to absolute time so every restart and reload scrapes at the same phase (Prometheus'
     * {@code Target.offset}). {@code jitterSeed} separates servers scraping the same targets.
     */
    public Duration offset(long nowNanos, long jitterSeed) {
        long interval = this.interval.toNanos();
        long base = interval - Math.floorMod(nowNanos, interval);
        long offset = Long.remainderUnsigned(hash() ^ jitterSeed, interval);
        long next = base + offset;
        if (next > interval) {
            next -= interval;
        }
        return Duration.ofNanos(next);
    }
}
