package io.fluxtap.storage.prometheus.series;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlException.ErrorType;

import java.sql.SQLException;

/** DuckDB failures as the errors Prometheus' API reports. */
final class SqlErrors {

    private SqlErrors() {
    }

    /** Reading failed for the store's reasons, not the query's: internal. */
    static PromqlException translate(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return new PromqlException(ErrorType.INTERNAL, "reading metrics from DuckDB failed: " + firstLine(message));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
