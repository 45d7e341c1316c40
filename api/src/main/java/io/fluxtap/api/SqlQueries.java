package io.fluxtap.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One read-only SQL statement over the stored data (the views {@code logs}, {@code spans}, {@code metrics},
 * {@code messages} and the warehouse files): the port {@code sql:} alert rules evaluate through. Storage implements
 * it over the SQL console, with the console's guard (one SELECT, no file writes, no other files) and its limits
 * ({@code fluxtap.sql.max-rows}, {@code fluxtap.sql.timeout}, its own threads).
 *
 * <pre>{@code
 * @Inject SqlQueries sql;
 *
 * Result r = sql.query("SELECT gear_id, count(*) AS errors FROM logs WHERE level = 'error' "
 *         + "AND ts > now() - INTERVAL 5 MINUTE GROUP BY 1", Duration.ofSeconds(10));
 * int errors = r.columnIndex("errors");
 * for (List<Object> row : r.rows()) {
 *     ((Number) row.get(errors)).longValue();
 * }
 * }</pre>
 *
 * Values in a row: {@code null}; {@link Boolean}; {@link Long} for the integer types that fit (TINYINT to BIGINT,
 * UTINYINT to UINTEGER), {@link java.math.BigInteger} for UBIGINT and HUGEINT; {@link java.math.BigDecimal} for
 * DECIMAL; {@link Double} for FLOAT and DOUBLE (NaN and infinities included); {@link java.time.Instant} for
 * TIMESTAMP WITH TIME ZONE; {@link String} for everything else, as the SQL console's JSON writes it (VARCHAR as is,
 * TIMESTAMP as ISO-8601 without zone, LIST, STRUCT, MAP and JSON as JSON text).
 */
public interface SqlQueries {

    /**
     * Runs the statement, stopping it after {@code timeout} or the server's {@code fluxtap.sql.timeout}, whichever is
     * shorter.
     *
     * @throws QueryException {@code BAD_DATA} when the console refuses the statement (not one read-only SELECT, a
     *                        function or file it does not allow, a parse error), {@code EXECUTION} when the database
     *                        failed running it (its message: an unknown column, a bad cast), {@code TIMEOUT} when it
     *                        ran out of time
     */
    Result query(String sql, Duration timeout);

    /** A column: its name and its DuckDB type ({@code VARCHAR}, {@code BIGINT}, {@code TIMESTAMP WITH TIME ZONE}). */
    record Column(String name, String type) {
    }

    /**
     * @param columns   in the statement's order
     * @param rows      one list per row, a value per column (null allowed)
     * @param truncated true when the statement had more rows than {@code fluxtap.sql.max-rows}, which were cut
     */
    record Result(List<Column> columns, List<List<Object>> rows, boolean truncated) {

        public Result {
            columns = List.copyOf(columns);
            List<List<Object>> copy = new ArrayList<>(rows.size());
            for (List<Object> row : rows) {
                // Unmodifiable but null-tolerant, unlike List.copyOf: SQL values are often NULL.
                copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
            rows = Collections.unmodifiableList(copy);
        }

        /** The position of the column of that name (exact match), or -1 when there is none. */
        public int columnIndex(String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (Objects.equals(columns.get(i).name(), name)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
