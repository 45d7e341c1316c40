package io.fluxtap.storage.duck;

import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.UnixNanos;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Appends spans to {@code active_spans}, in the column order of migrations V3, V6 and V9. */
final class ActiveSpansTable {

    static final String NAME = "active_spans";

    private ActiveSpansTable() {
    }

    /** Appends within the connection's current transaction; the caller commits or rolls back. */
    static void append(DuckDBConnection connection, List<SpanRecord> spans) throws SQLException {
        if (spans.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, NAME)) {
            for (SpanRecord span : spans) {
                appendRow(appender, span);
            }
            appender.flush();
        }
    }

    private static void appendRow(DuckDBAppender appender, SpanRecord span) throws SQLException {
        appender.beginRow();
        appender.appendEpochMicros(EpochMicros.of(span.startTime()));
        appender.append(span.traceId());
        appender.append(span.spanId());
        // A UBIGINT column takes the long's 64 bits as they are, so ids >= 2^63 (negative longs) keep their value.
        appender.append(span.fluxId());
        appender.append(span.machineId());
        appender.append(span.entityName());
        appender.append(span.gearId());
        appender.append(span.level().label());
        appender.appendEpochMicros(EpochMicros.of(span.endTime()));
        // From the instants, not the stored microseconds: latencies keep their nanoseconds.
        appender.append(Duration.between(span.startTime(), span.endTime()).toNanos());
        appender.append(span.parentSpanId());
        appender.append(span.traceState());
        // UINTEGER columns (OTLP's fixed32/uint32 fields) take an int's 32 bits as they are, like UBIGINT a long's.
        appender.append(span.flags());
        appender.append(span.name());
        appender.append(label(span.kind()));
        appender.append(label(span.statusCode()));
        appender.append(span.statusMessage());
        appender.append(span.scopeName());
        appender.append(span.scopeVersion());
        appender.append(AttributesJson.write(span.attributes()));
        appender.append(AttributesJson.write(span.resource()));
        appender.append(SpanJson.writeEvents(span.events()));
        appender.append(SpanJson.writeLinks(span.links()));
        appender.append(span.droppedAttributesCount());
        appender.append(span.droppedEventsCount());
        appender.append(span.droppedLinksCount());
        appender.append(AttributesJson.write(span.scopeAttributes()));
        // The times with their nanoseconds, which ts and end_ts cut to microseconds.
        appender.append(UnixNanos.of(span.startTime()));
        appender.append(UnixNanos.of(span.endTime()));
        appender.endRow();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
