/**
 * Prometheus' HTTP query API under {@code /prometheus/api/v1}: request parameters parsed and refused with
 * Prometheus' own messages, queries run by the {@link io.fluxtap.storage.promql.PromqlEngine} under a time
 * limit, metadata lookups answered from {@link io.fluxtap.storage.prometheus.series.PrometheusCatalog}, and
 * everything written in Prometheus' exact JSON envelope so Grafana's Prometheus data source works unchanged.
 */
package io.fluxtap.storage.prometheus.api;
