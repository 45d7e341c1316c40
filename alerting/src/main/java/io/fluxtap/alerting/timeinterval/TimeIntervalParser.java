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
        Integer day = WEEKDAYS.get(name);
        if (day == null) {
            throw new IllegalArgumentException(name + " is not a valid weekday");
        }
        return day;
    }

    public static TimeInterval.Range daysOfMonth(String text) {
        String[] parts = split(text);
        int begin = integer(parts[0]);
        int end = integer(parts[1]);
        for (int d : new int[] {begin, end}) {
            if (d == 0 || d < -31 || d > 31) {
                throw new IllegalArgumentException(d + " is not a valid day of the month: out of range");
            }
        }
        if (begin < 0 && end > 0) {
            throw new IllegalArgumentException("end day must be negative if start day is negative");
        }
        // Negative days depend on the month; refuse only what is wrong in every month (28 days at least).
        int checkBegin = begin < 0 ? 28 + begin : begin;
        int checkEnd = end < 0 ? 28 + end : end;
        if (checkBegin > checkEnd) {
            throw new IllegalArgumentException("end day " + end + " is always before start day " + begin);
        }
        return new TimeInterval.Range(begin, end);
    }

    /** Names or numbers; numbers are not range-checked (Alertmanager accepts 13, which never matches). */
    public static TimeInterval.Range months(String text) {
        String[] parts = split(text);
        int begin = month(parts[0]);
        int end = month(parts[1]);
        if (begin > end) {
            throw new IllegalArgumentException("end month " + monthName(end) + " is before start month "
                    + monthName(begin));
        }
        return new TimeInterval.Range(begin, end);
    }

    private static int month(String text) {
        int index = MONTHS.indexOf(text);
        if (index >= 0) {
            return index + 1;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is not a valid month");
        }
    }

    private static String monthName(int month) {
        return month >= 1 && month <= 12 ? MONTHS.get(month - 1) : "";
    }

    public static TimeInterval.Range years(String text) {
        String[] parts = split(text);
        int begin = integer(parts[0]);
        int end = integer(parts[1]);
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

    /** {@code a:b} or {@code a} (as {@code a:a}), lower-cased, as Alertmanager's stringableRangeFromString. */
    private static String[] split(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.indexOf(':') < 0) {
            return new String[] {t, t};
        }
        String[] parts = t.split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("couldn't parse range " + t + ", invalid format");
        }
        return parts;
    }

    /** Go's {@code strconv.Atoi}, with its message. */
    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
    }
}
