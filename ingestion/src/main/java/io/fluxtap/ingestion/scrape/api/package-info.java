/**
 * Prometheus' targets API over the running scrape pools: {@code GET /prometheus/api/v1/targets} and
 * {@code GET /prometheus/api/v1/targets/metadata}, with Prometheus 2.42's JSON. Root resources of their own: the
 * literal path outranks storage's {@code /prometheus/api/v1/{endpoint}} (JAX-RS picks the root resource with the
 * most literal characters).
 */
package io.fluxtap.ingestion.scrape.api;
