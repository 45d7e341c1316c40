/**
 * Parsers for what a scrape receives: the Prometheus text format 0.0.4 ({@link
 * io.fluxtap.ingestion.scrape.exposition.PrometheusTextParser}) and OpenMetrics 1.0 ({@link
 * io.fluxtap.ingestion.scrape.exposition.OpenMetricsParser}), chosen by {@link
 * io.fluxtap.ingestion.scrape.exposition.Expositions#forContentType} from the response's content type.
 *
 * <p>Hand-written because no Java library that resolves here parses both formats: the Prometheus Java client
 * ({@code io.prometheus:prometheus-metrics-exposition-textformats}, {@code simpleclient}) only writes them, and
 * Micrometer's registries likewise. The parsers read the page's bytes directly (no regular expressions, no
 * splitting into Strings per line), since a scrape of a node-exporter page parses ~1,000 lines per target and
 * interval. The text parser has the checks of {@code prometheus/common}'s {@code expfmt}; the OpenMetrics
 * parser validates as the OpenMetrics parser test suite demands, which is stricter than Prometheus 2.42's own
 * {@code openmetricsparse.go} (that one accepts, for instance, negative counters and unordered buckets): see
 * CONFORMANCE.md. What both keep as Prometheus does: sample names as exposed ({@code _total}, {@code _created},
 * {@code _bucket}), {@code le}/{@code quantile} values as written (2.42 does not normalise {@code 1} to
 * {@code 1.0}), unknown escapes in OpenMetrics label values kept literally, timestamps in milliseconds.
 */
package io.fluxtap.ingestion.scrape.exposition;
