package io.fluxtap.ingestion.testing;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Log records whose body tells where they came from, so tests can check order and completeness. */
public final class TestLogs {

    private TestLogs() {
    }

    public static LogRecord log(String body) {
        return log("test", Level.INFO, Map.of(), body);
    }

    /** A record of {@code service} at {@code level} with the given record attributes. */
    public static LogRecord log(String service, Level level, Map<String, Object> attributes, String body) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new LogRecord(now, now, null, null, null, null, service, null, level, level.severityNumber(), body,
                attributes, Map.of());
    }

    /** {@code count} records with bodies prefix-0, prefix-1, ... */
    public static List<LogRecord> logs(String prefix, int count) {
        List<LogRecord> logs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            logs.add(log(prefix + "-" + i));
        }
        return logs;
    }

    public static List<String> bodies(List<LogRecord> logs) {
        return logs.stream().map(LogRecord::body).toList();
    }
}
