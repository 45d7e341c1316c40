package io.fluxtap.ui.views;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ui.testing.TestLogs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailBufferTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    private static LogRecord log(long second, String body) {
        return TestLogs.log(T.plusSeconds(second), "api", "http", Level.INFO, body, null);
    }

    @Test
    void startsAtTheNewestShownRecordAndHandsOutOnlyWhatIsNew() {
        TailBuffer buffer = new TailBuffer(10, List.of(log(5, "b"), log(5, "a"), log(1, "old")));
        assertEquals(T.plusSeconds(5), buffer.since());
        assertEquals(2, buffer.atSince());

        // The search starts at the boundary, so it finds the two shown there again beside a third stored later.
        List<LogRecord> fresh = buffer.fresh(List.of(log(7, "new"), log(5, "late"), log(5, "b"), log(5, "a")));

        assertEquals(List.of(log(7, "new"), log(5, "late")), fresh);
        buffer.add(fresh);
        assertEquals(fresh, buffer.records());
        assertEquals(T.plusSeconds(7), buffer.since());
        assertEquals(1, buffer.atSince());
        assertEquals(List.of(), buffer.fresh(List.of(log(7, "new"))));
    }

    @Test
    void anIdenticalRecordStoredTwiceIsShownTwice() {
        TailBuffer buffer = new TailBuffer(10, List.of(log(5, "same")));

        assertEquals(List.of(log(5, "same")), buffer.fresh(List.of(log(5, "same"), log(5, "same"))));
    }

    @Test
    void newRecordsGoOnTopAndTheBoundaryGrowsWhenTheyShareTheNewestTimestamp() {
        TailBuffer buffer = new TailBuffer(10, List.of());
        assertNull(buffer.since());
        buffer.add(buffer.fresh(List.of(log(3, "x"), log(2, "w"))));
        buffer.add(buffer.fresh(List.of(log(3, "y"), log(3, "x"))));

        assertEquals(List.of(log(3, "y"), log(3, "x"), log(2, "w")), buffer.records());
        assertEquals(2, buffer.atSince());
    }

    @Test
    void keepsAtMostItsLimitAndRefusesMoreInsteadOfOpeningAGap() {
        TailBuffer buffer = new TailBuffer(2, List.of(log(0, "shown")));
        buffer.add(buffer.fresh(List.of(log(1, "one"))));
        assertTrue(buffer.fits(1));
        assertFalse(buffer.fits(2));

        assertThrows(IllegalStateException.class, () -> buffer.add(List.of(log(3, "three"), log(2, "two"))));
        assertEquals(List.of(log(1, "one")), buffer.records());
    }
}
