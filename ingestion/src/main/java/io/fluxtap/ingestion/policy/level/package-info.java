/**
 * The level filter stage and the runtime level control behind it (issue #14): per-service minimum levels an operator
 * sets for a while ({@link io.fluxtap.ingestion.policy.level.LevelBook}: TTL, version, persisted through api's
 * {@code StateStore}, expiry read from an injected clock), the TRACE/DEBUG guards (a required, bounded TTL and a
 * per-service rate budget), the ingest stage that drops what is below ({@link
 * io.fluxtap.ingestion.policy.level.LevelFilter}, before the write-ahead log) and the audit of every change. Its
 * REST API (also what senders long-poll) is in {@code .api}.
 */
package io.fluxtap.ingestion.policy.level;
