package io.fluxtap.ingestion.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedFailureLogTest {

    private record Line(System.Logger.Level level, String text, Throwable thrown) {
    }

    /** Keeps what is logged. */
    private static final class Captured implements System.Logger {
        final List<Line> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(new Line(level, msg, thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(new Line(level, MessageFormat.format(format, params), null));
        }
    }

    @Test
    void theFirstFailureWithItsStackTraceThenOneSummaryPerIntervalThenTheEnd() {
        Captured log = new Captured();
        AtomicLong now = new AtomicLong();
        RepeatedFailureLog failures = new RepeatedFailureLog(log, Duration.ofSeconds(10), now::get);
        IOException cause = new IOException("No space left on device");

        for (int i = 0; i < 1000; i++) {
            failures.failure("lane P1: the write-ahead log refused a request", cause);
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(25));
        }
        // 1000 failures over 25 s: the first, then a summary at 10 s and at 20 s.
        assertEquals(3, log.lines.size(), "lines: " + log.lines);
        assertNotNull(log.lines.get(0).thrown(), "the first carries the stack trace");
        assertNull(log.lines.get(1).thrown(), "summaries do not repeat it");
        assertTrue(log.lines.get(1).text().contains("400 more times in the last 10 s"), log.lines.get(1).text());

        failures.success("lane P1: the write-ahead log takes records again");
        assertEquals(4, log.lines.size());
        assertEquals(System.Logger.Level.INFO, log.lines.get(3).level());
        assertTrue(log.lines.get(3).text().contains("after 1000 failures"), log.lines.get(3).text());
        failures.success("again");
        assertEquals(4, log.lines.size(), "successes outside a streak log nothing");

        failures.failure("lane P1: the write-ahead log refused a request", cause);
        assertEquals(5, log.lines.size());
        assertNotNull(log.lines.get(4).thrown(), "a new streak starts with its stack trace again");
    }
}
