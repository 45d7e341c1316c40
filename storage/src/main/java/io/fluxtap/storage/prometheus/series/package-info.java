/**
 * Where the Prometheus-compatible API and the PromQL engine read metrics: {@code metric_series} is the catalogue
 * (series, label names and values, metadata), the {@code metrics} view (hot table plus warehouse) holds the
 * samples and exemplars. Label matchers become SQL over {@code metric_series} with bound parameters only.
 */
package io.fluxtap.storage.prometheus.series;
