/**
 * Stage "archive": the hourly Parquet warehouse under {@code fluxtap.data.dir} (DESIGN.md's layout, UTC hours):
 * <pre>
 * telemetry/logs/YYYY/MM/DD/HH/logs_&lt;timestamp&gt;.parquet
 * telemetry/metrics/YYYY/MM/DD/HH/metrics_&lt;timestamp&gt;.parquet
 * telemetry/traces/YYYY/MM/DD/HH/traces_&lt;timestamp&gt;.parquet
 * messages/&lt;wire_id&gt;/YYYY/MM/DD/HH/messages_&lt;wid&gt;_&lt;timestamp&gt;.parquet
 * alerts/history/YYYY/MM/DD/HH/alert_history_&lt;timestamp&gt;.parquet
 * alerts/notifications/YYYY/MM/DD/HH/notification_history_&lt;timestamp&gt;.parquet
 * </pre>
 * {@code <timestamp>} is the file's creation time in microseconds since the epoch (16 digits), never reused within
 * a partition; {@code <wid>} is the wire id with '/' replaced by '_' ({@code fluxSpec/visa-v1} writes
 * {@code messages/fluxSpec/visa-v1/.../messages_fluxSpec_visa-v1_<timestamp>.parquet}).
 *
 * <h2>Files</h2>
 * Columns are the active table's, with the types DuckDB reads back as the same types; message files add the wire's
 * promoted fields as typed columns. Rows are sorted by entity_name then ts (alert history by rule_name, notification
 * history by receiver, then ts), ZSTD-compressed with dictionary
 * encoding, in row groups of {@code fluxtap.warehouse.row-group-bytes}, with a bloom filter on trace_id.
 *
 * <h2>Why nothing is lost or doubled by a crash</h2>
 * The manifest table {@code warehouse_files} in DuckDB says which files exist for queries; the views list exactly
 * those files. An export of one partition runs in one DuckDB transaction:
 * <ol>
 *   <li>read the hour's rows (this fixes the transaction's snapshot);</li>
 *   <li>write them to {@code .<name>.tmp}, force it, rename it to its final name, force the directory;</li>
 *   <li>delete the hour's rows (the same snapshot: rows that arrived meanwhile are not seen, so they stay), insert
 *       the manifest row, recreate the view over the listed files;</li>
 *   <li>commit.</li>
 * </ol>
 * A crash before the commit leaves the rows in the active table and at most a temporary or an unlisted file; a crash
 * after it leaves the rows in a durable, listed file only. At start-up, before anything is served,
 * {@link io.fluxtap.storage.warehouse.Warehouse#recover()} deletes temporary files and every file the manifest does
 * not list. Compaction writes its merged file the same way and swaps the manifest rows (old out, new in) and the
 * view in one transaction; the old files are deleted after the commit, and a crash in between leaves unlisted files
 * that start-up deletes. Retention removes manifest rows and view first, files after.
 *
 * <p>Because the view changes in the same transaction as the rows and the manifest, a query never sees a row twice
 * or not at all, even while an export is between its rename and its commit: a glob over the directory would.
 * Files are never modified after their rename; late records for an exported hour become one more file of the
 * partition, and a partition with {@code fluxtap.warehouse.compact-min-files} files is compacted into one.
 *
 * <p>Known limit: a business message's duplicate check (wire_id, flux_id) covers the active table only; a sender's
 * retry that arrives after the original was exported is stored again.
 */
package io.fluxtap.storage.warehouse;
