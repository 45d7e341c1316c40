/**
 * Stage "sql": the SQL console. {@link io.fluxtap.storage.sql.SqlResource} ({@code POST /api/v1/sql}) hands a
 * user's statement to {@link io.fluxtap.storage.sql.SqlConsole}, which lets only one read-only SELECT over the
 * views and the data directory's Parquet files through (see ReadOnlyGuard) and bounds its time and rows.
 * {@link io.fluxtap.storage.sql.ConsoleSqlQueries} is the same console behind {@code api}'s SQL port
 * ({@code SqlQueries}, for {@code sql:} alert rules), with Java values instead of JSON.
 */
package io.fluxtap.storage.sql;
