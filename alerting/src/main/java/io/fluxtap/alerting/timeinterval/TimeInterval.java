package io.fluxtap.alerting.timeinterval;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One {@code <time_interval_spec>}: every non-empty field must have a range that contains the instant, taken in
 * {@code location} (UTC when not given). Ranges are inclusive except {@code times}, whose end is exclusive.
 *
 * @param times       minute-of-day ranges, {@code [start, end)}, end up to 1440 (24:00)
 * @param weekdays    day-of-week ranges, Sunday = 0 .. Saturday = 6
 * @param daysOfMonth day ranges, 1..31 or -31..-1 counted from the month's end, clamped to the month
 * @param months      month ranges, January = 1
 * @param years       year ranges
 * @param location    the time zone the fields are read in
 */
public record TimeInterval(List<Range> times, List<Range> weekdays, List<Range> daysOfMonth, List<Range> months,
                           List<Range> years, ZoneId location) {

    /** An inclusive range of integers (for {@code times}: minutes, end exclusive). */
    public record Range(int begin, int end) {
    }

    public TimeInterval {
        times = List.copyOf(times);
        weekdays = List.copyOf(weekdays);
        daysOfMonth = List.copyOf(daysOfMonth);
        months = List.copyOf(months);
        years = List.copyOf(years);
        Objects.requireNonNull(location, "location");
    }

    public boolean contains(Instant at) {
        ZonedDateTime t = at.atZone(location);
        if (!times.isEmpty()) {
            int minute = t.getHour() * 60 + t.getMinute();
            if (times.stream().noneMatch(r -> minute >= r.begin() && minute < r.end())) {
                return false;
            }
        }
        if (!daysOfMonth.isEmpty() && !dayOfMonthMatches(t)) {
            return false;
        }
        int weekday = t.getDayOfWeek().getValue() % 7;
        if (!inAny(weekdays, weekday) || !inAny(months, t.getMonthValue()) || !inAny(years, t.getYear())) {
            return false;
        }
        return true;
    }

    private boolean dayOfMonthMatches(ZonedDateTime t) {
        int daysInMonth = t.toLocalDate().lengthOfMonth();
        for (Range r : daysOfMonth) {
            int begin = r.begin() < 0 ? daysInMonth + r.begin() + 1 : r.begin();
            int end = r.end() < 0 ? daysInMonth + r.end() + 1 : r.end();
            // A range starting after this month's last day (e.g. 31 in April) does not match; the rest is clamped.
            if (begin > daysInMonth) {
                continue;
            }
            begin = Math.max(begin, 1);
            end = Math.min(end, daysInMonth);
            if (t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end) {
                return true;
            }
        }
        return false;
    }

    private static boolean inAny(List<Range> ranges, int value) {
        return ranges.isEmpty() || ranges.stream().anyMatch(r -> value >= r.begin() && value <= r.end());
    }

}
