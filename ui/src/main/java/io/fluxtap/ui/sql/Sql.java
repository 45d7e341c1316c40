package io.fluxtap.ui.sql;

import io.fluxtap.api.SqlQueries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** SQL literals for values the pages put into statements, and reading typed values back from a result row. */
public final class Sql {

    /** How long a page waits for one statement; the server's own {@code fluxtap.sql.timeout} may cut sooner. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Sql() {
    }

    /** A VARCHAR literal: quotes doubled, so no text can end the literal early. */
    public static String text(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A TIMESTAMPTZ literal (microseconds, as DuckDB keeps them). */
    public static String time(Instant instant) {
        return "TIMESTAMPTZ '" + instant + "'";
    }

    /** {@code column >= from AND column < to}. */
    public static String between(String column, Instant from, Instant to) {
        return column + " >= " + time(from) + " AND " + column + " < " + time(to);
    }

    public static long asLong(List<Object> row, int index) {
        return row.get(index) instanceof Number n ? n.longValue() : 0;
    }

    public static double asDouble(List<Object> row, int index) {
        return row.get(index) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public static String asText(List<Object> row, int index) {
        Object value = row.get(index);
        return value == null ? null : value.toString();
    }

    public static Instant asInstant(List<Object> row, int index) {
        return switch (row.get(index)) {
            case Instant i -> i;
            case Number n -> Instant.ofEpochMilli(n.longValue());
            case null -> null;
            default -> Instant.parse(row.get(index).toString());
        };
    }

    /** The index of a column the statement selected; a missing one is a bug in the page's SQL. */
    public static int column(SqlQueries.Result result, String name) {
        int index = result.columnIndex(name);
        if (index < 0) {
            throw new IllegalStateException("the result has no column " + name + ": " + result.columns());
        }
        return index;
    }
}
