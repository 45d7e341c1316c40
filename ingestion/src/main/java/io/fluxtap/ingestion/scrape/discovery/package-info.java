/**
 * Scrape targets: the label sets Prometheus builds for each discovered address ({@code __address__},
 * {@code __scheme__}, {@code __metrics_path__}, {@code __param_*}, {@code __scrape_interval__},
 * {@code __scrape_timeout__}, {@code job}, then {@code relabel_configs}, then the default port and {@code instance},
 * then {@code __meta_*} removed), the URL each is scraped at, and where in its interval it is scraped (an offset from
 * a hash of the target, as Prometheus' {@code scrape/target.go} spreads its targets).
 *
 * <p>Relabelling itself lives in the relabel package; a {@link io.fluxtap.ingestion.scrape.discovery.RelabelStep} is
 * the one thing this package needs of it.
 */
package io.fluxtap.ingestion.scrape.discovery;
