/**
 * The scrape loop, one per target, as Prometheus' {@code scrape/scrape.go} runs it: {@link
 * io.fluxtap.ingestion.scrape.loop.ScrapeClient} fetches the page (Prometheus' {@code Accept} header, gzip,
 * {@code scrape_timeout} over the whole exchange, {@code body_size_limit}, auth and TLS from the job),
 * {@link io.fluxtap.ingestion.scrape.loop.ScrapeLoop} turns it into samples (target labels, {@code honor_labels},
 * {@code honor_timestamps}, {@code metric_relabel_configs}, {@code sample_limit}, {@code label_limit}), adds the
 * report series ({@code up}, {@code scrape_duration_seconds}, ...) and writes stale markers for series that went
 * away, and hands everything to a {@link io.fluxtap.ingestion.scrape.loop.SampleSink} (lane P2 in the server).
 * When loops run is decided by a {@link io.fluxtap.ingestion.scrape.loop.ScrapeScheduler}, so tests call
 * {@link io.fluxtap.ingestion.scrape.loop.ScrapeLoop#scrape} themselves at the times they choose.
 */
package io.fluxtap.ingestion.scrape.loop;
