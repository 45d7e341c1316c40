package io.fluxtap.ui.testing;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;

import java.time.Instant;
import java.util.Map;

/** Log records for tests, with only the fields the dashboard shows. */
public final class TestLogs {

    private TestLogs() {
    }

    public static LogRecord log(Instant timestamp, String service, String gear, Level level, String body, String traceId) {
        return new LogRecord(timestamp, timestamp, traceId, null, null, "test-host", service, gear, level,
                level.severityNumber(), body, Map.of(), Map.of());
    }
}
