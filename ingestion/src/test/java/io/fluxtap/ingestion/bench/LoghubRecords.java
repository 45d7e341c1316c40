package io.fluxtap.ingestion.bench;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.testing.LoghubSamples;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The loghub samples as log records ({@link LoghubSamples}), moved to the lane a benchmark needs: WAL bytes per
 * record and ring payloads are those of real logs rather than of short generated strings.
 */
final class LoghubRecords {

    private LoghubRecords() {
    }

    /** Every row of every system, all stamped now, each passed through {@code adjust} (e.g. to move it to another lane). */
    static List<LogRecord> load(UnaryOperator<LogRecord> adjust) {
        Instant now = Instant.now();
        return LoghubSamples.logRecords(i -> now).stream().map(adjust).toList();
    }

    static List<LogRecord> load() {
        return load(UnaryOperator.identity());
    }

    static LogRecord withEntity(LogRecord r, String entity) {
        return new LogRecord(r.timestamp(), r.observedTimestamp(), r.traceId(), r.spanId(), r.fluxId(), r.machineId(),
                entity, r.gearId(), r.level(), r.severityNumber(), r.body(), r.attributes(), r.resource());
    }

    static LogRecord withLevel(LogRecord r, Level level) {
        return new LogRecord(r.timestamp(), r.observedTimestamp(), r.traceId(), r.spanId(), r.fluxId(), r.machineId(),
                r.entityName(), r.gearId(), level, level.severityNumber(), r.body(), r.attributes(), r.resource());
    }
}
