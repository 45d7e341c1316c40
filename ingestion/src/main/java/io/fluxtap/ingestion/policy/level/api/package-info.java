/**
 * The level control's HTTP API: {@code /api/v1/levels} (overrides, and the long-poll senders follow with
 * {@code If-None-Match} and {@code ?wait=}, answered through JAX-RS {@code AsyncResponse} so a waiting sender holds no
 * thread) and {@code /api/v1/loggers} (Fluxtap's own logger levels). JSON is written with Jackson here, as the other
 * ingestion resources do.
 */
package io.fluxtap.ingestion.policy.level.api;
