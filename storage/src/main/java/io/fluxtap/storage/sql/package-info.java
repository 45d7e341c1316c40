/**
 * Stage "sql": the SQL console. {@link io.fluxtap.storage.sql.SqlResource} ({@code POST /api/v1/sql}) hands a
 * user's statement to {@link io.fluxtap.storage.sql.SqlConsole}, which lets only one read-only SELECT over the
 * views and the data directory's Parquet files through (see ReadOnlyGuard) and bounds its time and rows.
 */
package io.fluxtap.storage.sql;
