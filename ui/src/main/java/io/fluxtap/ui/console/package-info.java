/**
 * The SQL console page: one read-only statement over the views through the {@code SqlQueries} port (the console's
 * guard and limits, the same as {@code sql:} alert rules), results in a grid with each column's DuckDB type, the
 * time the statement took and the row-limit notice. Named {@code console} because {@code io.fluxtap.ui.sql} holds
 * the SQL helpers the other pages share.
 */
package io.fluxtap.ui.console;
