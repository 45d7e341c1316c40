/**
 * Prometheus' HTTP query API under {@code /prometheus/api/v1}: request parameters parsed and refused with
 * Prometheus' own messages, queries run by the {@link io.fluxtap.storage.promql.PromqlEngine} under a time
 * limit, metadata lookups answered from {@link io.fluxtap.storage.prometheus.series.PrometheusCatalog}, and
 * everything written in Prometheus' exact JSON envelope so Grafana's Prometheus data source works unchanged.
 * {@link io.fluxtap.storage.prometheus.api.EnginePromqlQueries} runs the same engine through the same
 * {@link io.fluxtap.storage.prometheus.api.QueryRunner} for {@code api}'s PromQL port ({@code PromqlQueries}), which
 * the alert rules evaluate through.
 */
package io.fluxtap.storage.prometheus.api;
