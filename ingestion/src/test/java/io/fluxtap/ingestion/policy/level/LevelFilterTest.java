package io.fluxtap.ingestion.policy.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.testing.TestLogs;
import io.fluxtap.ingestion.loggers.JulLoggers;
import io.fluxtap.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LevelFilterTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T08:00:00.250Z"));
    private final Map<String, Long> counted = new ConcurrentHashMap<>();
    private final LevelService levels = new LevelService(
            new LevelSettings(Level.TRACE, Duration.ofMinutes(15), Duration.ofHours(1), 5),
            clock, new MemoryStateStore(clock), change -> { }, new JulLoggers());
    private final LevelFilter filter = new LevelFilter(levels.book(), levels.guard(),
            (signal, service, reason, n) -> {
                assertEquals(Signal.LOGS, signal);
                counted.merge(service + "/" + reason, n, Long::sum);
            });

    @Test
    void withoutOverridesTheDefaultTraceKeepsTheSameList() {
        List<LogRecord> logs = List.of(log("a", Level.TRACE), log("b", Level.UNSPECIFIED));
        assertSame(logs, filter.onLogs(logs));
    }

    @Test
    void dropsWhatIsBelowTheServiceLevelAndCountsItPerService() {
        levels.set("checkout", Level.WARN, null, "", "me");
        List<LogRecord> kept = filter.onLogs(List.of(log("checkout", Level.INFO), log("checkout", Level.ERROR),
                log("checkout", Level.UNSPECIFIED), log("checkout", Level.WARN), log("cart", Level.DEBUG),
                audit("checkout")));
        assertEquals(List.of("checkout/error", "checkout/warn", "cart/debug", "checkout/audit"), bodies(kept));
        assertEquals(Map.of("checkout/level", 2L), nonZero());
    }

    @Test
    void verboseRecordsOverTheRateGuardAreDroppedUntilTheNextSecond() {
        levels.set("checkout", Level.DEBUG, Duration.ofMinutes(5), "", "me");
        List<LogRecord> burst = new ArrayList<>();
        IntStream.range(0, 8).forEach(i -> burst.add(log("checkout", Level.DEBUG)));
        burst.add(log("checkout", Level.ERROR));
        burst.add(log("checkout", Level.TRACE));

        List<LogRecord> kept = filter.onLogs(burst);
        assertEquals(6, kept.size(), "5 debug records in budget and the error: " + bodies(kept));
        assertTrue(bodies(kept).contains("checkout/error"));
        assertEquals(Map.of("checkout/level", 1L, "checkout/rate", 3L), nonZero());
        assertTrue(levels.overrides().getFirst().throttled());

        assertEquals(0, filter.onLogs(List.of(log("checkout", Level.DEBUG))).size(), "same second: budget spent");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, filter.onLogs(List.of(log("checkout", Level.DEBUG))).size(), "a new second, a new budget");
        assertTrue(levels.overrides().getFirst().throttled(), "refused in the previous second");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(levels.overrides().getFirst().throttled());
    }

    @Test
    void anExpiredOverrideStopsFilteringAtItsExpiry() {
        levels.set("checkout", Level.ERROR, Duration.ofSeconds(30), "", "me");
        assertEquals(0, filter.onLogs(List.of(log("checkout", Level.INFO))).size());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, filter.onLogs(List.of(log("checkout", Level.INFO))).size());
    }

    private Map<String, Long> nonZero() {
        Map<String, Long> result = new java.util.HashMap<>(counted);
        result.values().removeIf(v -> v == 0);
        return result;
    }

    private static LogRecord log(String service, Level level) {
        return TestLogs.log(service, level, Map.of(), service + "/" + level.label());
    }

    private static LogRecord audit(String service) {
        return TestLogs.log(service, Level.INFO, Map.of("audit", "true"), service + "/audit");
    }

    private static List<String> bodies(List<LogRecord> logs) {
        return logs.stream().map(LogRecord::body).toList();
    }
}
