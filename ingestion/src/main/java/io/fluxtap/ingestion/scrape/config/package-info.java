/**
 * The scrape configuration file ({@code fluxtap.scrape.config-file}, Prometheus' {@code global} and
 * {@code scrape_configs} format) read into records with Prometheus' defaults filled in and its validation messages,
 * so a file written for Prometheus runs here as pasted and a bad one is refused with the words Prometheus uses.
 *
 * <p>The YAML is read by Jackson into a tree and bound by hand here rather than by Jackson data binding: Prometheus
 * refuses unknown keys and reports them by field and section ({@code field foo not found in type
 * config.ScrapeConfig}), fills defaults from the {@code global} section, and checks pairs of keys together (timeout
 * against interval, {@code basic_auth} against {@code authorization}); a binder would need as much code in
 * annotations and custom deserialisers and still word its errors as Jackson does.
 */
package io.fluxtap.ingestion.scrape.config;
