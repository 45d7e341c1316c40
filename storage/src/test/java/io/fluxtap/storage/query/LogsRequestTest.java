package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogSearch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogsRequestTest {

    @Test
    void noParametersMeanTheNewestHundred() {
        assertEquals(LogSearch.recent(100), LogsRequest.toSearch(null, null, null, null, null, null));
        assertEquals(LogSearch.recent(100), LogsRequest.toSearch("", List.of(), "", "", "", ""));
    }

    @Test
    void everyParameterReachesTheSearch() {
        LogSearch search = LogsRequest.toSearch("checkout", List.of("ERROR,warn"), "timeout",
                "2026-11-22T10:00:00Z", "1795345200000", "25");
        assertEquals(new LogSearch("checkout", Set.of(Level.ERROR, Level.WARN), "timeout",
                Instant.parse("2026-11-22T10:00:00Z"), Instant.ofEpochMilli(1795345200000L), 25, null), search);
    }

    @Test
    void levelsMayRepeatOrBeCommaSeparatedInAnyCase() {
        assertEquals(Set.of(Level.ERROR, Level.WARN, Level.FATAL, Level.INFO),
                LogsRequest.parseLevels(List.of("Error, WARN", "fatal", "info,")));
    }

    @Test
    void anUnknownLevelIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogsRequest.parseLevels(List.of("error,loud")));
        assertEquals("unknown level 'loud' (expected one of trace, debug, info, warn, error, fatal, unspecified)",
                e.getMessage());
    }

    @Test
    void timesAcceptRfc3339WithFractionsAndOffsetsAndEpochMillis() {
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), LogsRequest.parseTime("from", "2026-11-22T10:00:00Z"));
        assertEquals(Instant.parse("2026-11-22T10:00:00.123456Z"),
                LogsRequest.parseTime("from", "2026-11-22T10:00:00.123456Z"));
        assertEquals(Instant.parse("2026-11-22T08:00:00.5Z"), LogsRequest.parseTime("from", "2026-11-22T10:00:00.5+02:00"));
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), LogsRequest.parseTime("from", "2026-11-22t10:00:00z"));
        assertEquals(Instant.ofEpochMilli(1795341600123L), LogsRequest.parseTime("to", "1795341600123"));
        assertNull(LogsRequest.parseTime("to", " "));
    }

    @Test
    void aPlusSignDecodedToASpaceStillReadsAsAnOffset() {
        assertEquals(Instant.parse("2026-11-22T08:00:00Z"), LogsRequest.parseTime("from", "2026-11-22T10:00:00 02:00"));
    }

    @Test
    void unreadableTimesNameTheParameter() {
        assertEquals("to: cannot read 'yesterday' as an RFC 3339 timestamp (e.g. 2026-11-22T10:00:00Z) or epoch milliseconds",
                assertThrows(IllegalArgumentException.class, () -> LogsRequest.parseTime("to", "yesterday")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogsRequest.parseTime("from", "2026-11-22T10:00:00"),
                "an offset is required");
        assertThrows(IllegalArgumentException.class, () -> LogsRequest.parseTime("from", "2026-11-22"));
    }

    @Test
    void timesTheStoreCannotHoldAreRejected() {
        assertEquals("from: '999999999999999999' is outside the time range the store can hold",
                assertThrows(IllegalArgumentException.class,
                        () -> LogsRequest.parseTime("from", "999999999999999999")).getMessage());
    }

    @Test
    void fromMustBeBeforeTo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogsRequest.toSearch(
                null, null, null, "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z", null));
        assertEquals("from (2026-11-22T10:00:00Z) must be before to (2026-11-22T10:00:00Z)", e.getMessage());
    }

    @Test
    void limitMustBeAWholeNumberInRange() {
        assertEquals(10_000, LogsRequest.parseLimit("10000"));
        assertEquals("limit must be a whole number between 1 and 10000, was 'ten'",
                assertThrows(IllegalArgumentException.class, () -> LogsRequest.parseLimit("ten")).getMessage());
        assertEquals("limit must be between 1 and 10000, was 10001",
                assertThrows(IllegalArgumentException.class,
                        () -> LogsRequest.toSearch(null, null, null, null, null, "10001")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogsRequest.toSearch(null, null, null, null, null, "0"));
    }
}
