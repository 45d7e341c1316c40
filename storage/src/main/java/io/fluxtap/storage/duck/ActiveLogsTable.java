package io.fluxtap.storage.duck;

import io.fluxtap.api.LogRecord;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Appends log records to {@code active_logs}, in the column order of migrations V1 and V9. */
final class ActiveLogsTable {

    static final String NAME = "active_logs";

    private ActiveLogsTable() {
    }

    /** Appends within the connection's current transaction; the caller commits or rolls back. */
    static void append(DuckDBConnection connection, List<LogRecord> logs) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, NAME)) {
            for (LogRecord log : logs) {
                appendRow(appender, log);
            }
            appender.flush();
        }
    }

    private static void appendRow(DuckDBAppender appender, LogRecord log) throws SQLException {
        appender.beginRow();
        appendTimestamp(appender, log.timestamp());
        appendTimestamp(appender, log.observedTimestamp());
        appender.append(log.traceId());
        appender.append(log.spanId());
        // A UBIGINT column takes the long's 64 bits as they are, so ids >= 2^63 (negative longs) keep their value.
        appender.append(log.fluxId());
        appender.append(log.machineId());
        appender.append(log.entityName());
        appender.append(log.gearId());
        appender.append(log.level().label());
        appender.append(log.severityNumber());
        appender.append(log.body());
        appender.append(AttributesJson.write(log.attributes()));
        appender.append(AttributesJson.write(log.resource()));
        appender.append(log.severityText());
        appender.append(log.scopeName());
        appender.append(log.scopeVersion());
        appender.append(AttributesJson.write(log.scopeAttributes()));
        // UBIGINT takes the long's 64 bits as they are, like flux_id: OTLP's unsigned nanoseconds keep their value.
        appender.append(log.timeUnixNano());
        appender.append(log.observedTimeUnixNano());
        appender.endRow();
    }

    private static void appendTimestamp(DuckDBAppender appender, Instant instant) throws SQLException {
        if (instant == null) {
            appender.appendNull();
        } else {
            appender.appendEpochMicros(EpochMicros.of(instant));
        }
    }
}
