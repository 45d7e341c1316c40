package io.fluxtap.alerting.timeinterval;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spec/configuration.md §time_interval. */
class TimeIntervalsTest {

    private static TimeInterval spec(List<TimeInterval.Range> times, List<TimeInterval.Range> weekdays,
                                     List<TimeInterval.Range> days, List<TimeInterval.Range> months,
                                     List<TimeInterval.Range> years, ZoneId zone) {
        return new TimeInterval(times, weekdays, days, months, years, zone);
    }

    @Test
    void businessHoursInSydney() {
        TimeInterval office = spec(List.of(TimeIntervalParser.timeRange("09:00", "17:00")),
                List.of(TimeIntervalParser.weekdays("monday:friday")), List.of(), List.of(), List.of(),
                TimeIntervalParser.location("Australia/Sydney"));
        // 2026-12-01 is a Tuesday; Sydney is UTC+11 in December.
        assertTrue(office.contains(Instant.parse("2026-11-30T22:00:00Z")), "09:00 Tuesday in Sydney");
        assertFalse(office.contains(Instant.parse("2026-12-01T06:00:00Z")), "17:00 is the exclusive end");
        assertTrue(office.contains(Instant.parse("2026-12-01T05:59:00Z")));
        assertFalse(office.contains(Instant.parse("2026-12-04T22:00:00Z")), "Saturday 09:00 in Sydney");
    }

    @Test
    void endOfDayIs2400AndRangesAreValidated() {
        TimeInterval evening = spec(List.of(TimeIntervalParser.timeRange("17:00", "24:00")), List.of(), List.of(),
                List.of(), List.of(), ZoneOffset.UTC);
        assertTrue(evening.contains(Instant.parse("2026-12-01T23:59:00Z")));
        assertFalse(evening.contains(Instant.parse("2026-12-02T00:00:00Z")));
        assertEquals("start time cannot be equal or greater than end time",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.timeRange("10:00", "10:00"))
                        .getMessage());
        assertEquals("couldn't parse timestamp 24:01, invalid format",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.timeRange("10:00", "24:01"))
                        .getMessage());
        assertEquals("funday is not a valid weekday",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.weekdays("funday")).getMessage());
        assertEquals("start day cannot be before end day",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.weekdays("friday:monday"))
                        .getMessage());
        assertEquals("0 is not a valid day of the month: out of range",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.daysOfMonth("0:3")).getMessage());
        assertEquals("end day must be negative if start day is negative",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.daysOfMonth("-3:5")).getMessage());
        assertEquals("end day -5 is always before start day -1", assertThrows(IllegalArgumentException.class,
                () -> TimeIntervalParser.daysOfMonth("-1:-5")).getMessage());
        assertEquals("end day 3 is always before start day 5", assertThrows(IllegalArgumentException.class,
                () -> TimeIntervalParser.daysOfMonth("5:3")).getMessage());
        assertEquals("smarch is not a valid month",
                assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.months("Smarch")).getMessage());
        assertEquals("end month january is before start month march", assertThrows(IllegalArgumentException.class,
                () -> TimeIntervalParser.months("march:january")).getMessage());
        assertEquals("end year 2020 is before start year 2022", assertThrows(IllegalArgumentException.class,
                () -> TimeIntervalParser.years("2022:2020")).getMessage());
        assertEquals("couldn't parse range 1:2:3, invalid format", assertThrows(IllegalArgumentException.class,
                () -> TimeIntervalParser.years("1:2:3")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalParser.location("Mars/Olympus"));
    }

    @Test
    void negativeDaysOfMonthCountFromTheEndAndRangesClamp() {
        TimeInterval lastThree = spec(List.of(), List.of(), List.of(TimeIntervalParser.daysOfMonth("-3:-1")),
                List.of(), List.of(), ZoneOffset.UTC);
        assertTrue(lastThree.contains(Instant.parse("2028-02-27T12:00:00Z")), "leap February: 27..29");
        assertFalse(lastThree.contains(Instant.parse("2028-02-26T12:00:00Z")));
        assertTrue(lastThree.contains(Instant.parse("2026-01-29T12:00:00Z")), "January: 29..31");
        TimeInterval all = spec(List.of(), List.of(), List.of(TimeIntervalParser.daysOfMonth("1:31")), List.of(),
                List.of(), ZoneOffset.UTC);
        assertTrue(all.contains(Instant.parse("2026-02-28T12:00:00Z")), "clamped to 28 in February");
        TimeInterval thirtyFirst = spec(List.of(), List.of(), List.of(TimeIntervalParser.daysOfMonth("31")),
                List.of(), List.of(), ZoneOffset.UTC);
        assertFalse(thirtyFirst.contains(Instant.parse("2026-04-30T12:00:00Z")), "April has no 31st");
    }

    @Test
    void monthsByNameOrNumberAndYears() {
        TimeInterval spring = spec(List.of(), List.of(), List.of(),
                List.of(TimeIntervalParser.months("1:3"), TimeIntervalParser.months("may:August"),
                        TimeIntervalParser.months("december")),
                List.of(TimeIntervalParser.years("2020:2022"), TimeIntervalParser.years("2026")), ZoneOffset.UTC);
        assertTrue(spring.contains(Instant.parse("2026-12-01T00:00:00Z")));
        assertTrue(spring.contains(Instant.parse("2021-06-01T00:00:00Z")));
        assertFalse(spring.contains(Instant.parse("2021-04-01T00:00:00Z")));
        assertFalse(spring.contains(Instant.parse("2024-12-01T00:00:00Z")));
    }

    @Test
    void namedIntervalsAndTheRouteMuteRule() {
        TimeInterval weekend = spec(List.of(), List.of(TimeIntervalParser.weekdays("saturday"),
                TimeIntervalParser.weekdays("sunday")), List.of(), List.of(), List.of(), ZoneOffset.UTC);
        TimeIntervals intervals = new TimeIntervals(Map.of("weekend", List.of(weekend), "never", List.of()));
        Instant saturday = Instant.parse("2026-12-05T10:00:00Z");
        Instant tuesday = Instant.parse("2026-12-01T10:00:00Z");
        assertTrue(intervals.contains("weekend", saturday));
        assertFalse(intervals.contains("never", saturday));
        assertThrows(IllegalArgumentException.class, () -> intervals.contains("nope", saturday));
        assertTrue(intervals.muted(List.of("weekend"), List.of(), saturday));
        assertFalse(intervals.muted(List.of("weekend"), List.of(), tuesday));
        assertTrue(intervals.muted(List.of(), List.of("weekend"), tuesday), "outside its only active interval");
        assertFalse(intervals.muted(List.of(), List.of(), tuesday));
    }
}
