/**
 * Stage "query": reading the signals back through the views {@code logs}, {@code spans}, {@code messages} (hot
 * table and warehouse alike). {@link io.fluxtap.storage.query.DuckDbLogQuery} is the {@link io.fluxtap.api.LogQuery}
 * the REST API and the dashboard share, plus cursor paging and live tail;
 * {@link io.fluxtap.storage.query.LogsResource} serves {@code GET /api/v1/logs} and {@code /api/v1/logs/tail},
 * {@link io.fluxtap.storage.query.TracesResource} {@code GET /api/v1/traces} and {@code /api/v1/traces/{id}}.
 */
package io.fluxtap.storage.query;
