package io.fluxtap.alerting.timeinterval;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text forms of {@code <time_interval_spec>} fields with Alertmanager's validation and messages
 * ({@code timeinterval/timeinterval.go}): {@code HH:MM} times, {@code monday:friday}, {@code -3:-1},
 * {@code may:august}, {@code 2020:2022}, IANA locations plus {@code Local} and {@code UTC}.
 */
public final class TimeIntervalParser {

    private static final Pattern TIME = Pattern.compile("^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)");
    private static final Map<String, Integer> WEEKDAYS = Map.of("sunday", 0, "monday", 1, "tuesday", 2,
            "wednesday", 3, "thursday", 4, "friday", 5, "saturday", 6);
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december");

    private TimeIntervalParser() {
    }

    /** A {@code start_time}/{@code end_time} pair as a minute range {@code [start, end)}. */
    public static TimeInterval.Range timeRange(String start, String end) {
        if (start == null || end == null || start.isEmpty() || end.isEmpty()) {
            throw new IllegalArgumentException("both start and end times must be provided");
        }
        int s = minutes(start);
        int e = minutes(end);
        if (s < 0) {
            throw new IllegalArgumentException("start time cannot be negative");
        }
        if (s >= e) {
            throw new IllegalArgumentException("start time cannot be equal or greater than end time");
        }
        return new TimeInterval.Range(s, e);
    }

    private static int minutes(String text) {
        if (!TIME.matcher(text).matches()) {
            throw new IllegalArgumentException("couldn't parse timestamp " + text + ", invalid format");
        }
        String[] parts = text.split(":");
        return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
    }

    public static TimeInterval.Range weekdays(String text) {
        String[] parts = split(text);
        int begin = weekday(parts[0]);
        int end = weekday(parts[1]);
        if (begin > end) {
            throw new IllegalArgumentException("start day cannot be before end day");
        }
        return new TimeInterval.Range(begin, end);
    }

    private static int weekday(String name) {
        Integer day = WEEKDAYS.get(name.toLowerCase(Locale.ROOT).strip());
        if (day == null) {
            throw new IllegalArgumentException(name + " is not a valid weekday");
        }
        return day;
    }

    public static TimeInterval.Range daysOfMonth(String text) {
        String[] parts = split(text);
        int begin = integer(parts[0], "day of the month");
        int end = integer(parts[1], "day of the month");
        for (int d : new int[] {begin, end}) {
            if (d == 0 || d < -31 || d > 31) {
                throw new IllegalArgumentException(d + " is not a valid day of the month: out of range");
            }
        }
        if (begin < 0 && end > 0) {
            throw new IllegalArgumentException("end day must be negative if start day is negative");
        }
        if (begin > 0 && end > 0 && begin > end || begin < 0 && end < 0 && begin > end) {
            throw new IllegalArgumentException("start day cannot be before end day");
        }
        return new TimeInterval.Range(begin, end);
    }

    public static TimeInterval.Range months(String text) {
        String[] parts = split(text);
        int begin = month(parts[0]);
        int end = month(parts[1]);
        if (begin > end) {
            throw new IllegalArgumentException("end month " + parts[1] + " is before start month " + parts[0]);
        }
        return new TimeInterval.Range(begin, end);
    }

    private static int month(String text) {
        String t = text.toLowerCase(Locale.ROOT).strip();
        int index = MONTHS.indexOf(t);
        if (index >= 0) {
            return index + 1;
        }
        try {
            int m = Integer.parseInt(t);
            if (m >= 1 && m <= 12) {
                return m;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(text + " is not a valid month");
    }

    public static TimeInterval.Range years(String text) {
        String[] parts = split(text);
        int begin = integer(parts[0], "year");
        int end = integer(parts[1], "year");
        if (begin <= 0 || end <= 0) {
            throw new IllegalArgumentException("year must be positive, got " + text);
        }
        if (begin > end) {
            throw new IllegalArgumentException("end year " + end + " is before start year " + begin);
        }
        return new TimeInterval.Range(begin, end);
    }

    /** {@code Local} is the machine's zone, {@code UTC} (or nothing) is UTC, anything else an IANA name. */
    public static ZoneId location(String name) {
        if (name == null || name.isEmpty() || name.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        if (name.equals("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + name);
        }
    }

    private static String[] split(String text) {
        String t = text.strip();
        int colon = t.indexOf(':', t.startsWith("-") ? 1 : 0);
        if (colon < 0) {
            return new String[] {t, t};
        }
        String[] parts = {t.substring(0, colon), t.substring(colon + 1)};
        if (parts[1].contains(":") || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid range " + text);
        }
        return parts;
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is not a valid " + what);
        }
    }
}
