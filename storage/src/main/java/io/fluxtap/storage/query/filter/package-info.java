/**
 * The log filter language of {@code GET /api/v1/logs?query=...}: {@link io.fluxtap.storage.query.filter.FilterParser}
 * reads it, {@link io.fluxtap.storage.query.filter.SqlFilter} turns it into a SQL condition whose values are all
 * bound parameters.
 */
package io.fluxtap.storage.query.filter;
