/**
 * Stage "query": reading the hot window back. {@link io.fluxtap.storage.query.DuckDbLogQuery} is the
 * {@link io.fluxtap.api.LogQuery} the REST API and the dashboard share;
 * {@link io.fluxtap.storage.query.LogsResource} serves it as {@code GET /api/v1/logs}.
 */
package io.fluxtap.storage.query;
