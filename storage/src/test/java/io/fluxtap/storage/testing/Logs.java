package io.fluxtap.storage.testing;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;

import java.time.Instant;
import java.util.Map;

/** Log records for tests: only what a test cares about varies, the rest is fixed. */
public final class Logs {

    public static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

    private Logs() {
    }

    public static LogRecord log(String entity, Level level, String body, Instant ts) {
        return new LogRecord(ts, ts.plusMillis(5), null, null, null, null, entity, null, level,
                level.severityNumber(), body, Map.of(), Map.of());
    }

    public static LogRecord log(String entity, Level level, String body, int secondsAfterBase) {
        return log(entity, level, body, BASE.plusSeconds(secondsAfterBase));
    }
}
